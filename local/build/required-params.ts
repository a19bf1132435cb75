import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { BotError } from '../../src/errors';

/**
 * The `serverless.yml` parameters without which every function refuses to start, and what each
 * is. (The others have working defaults in `params.default`.)
 */
export const REQUIRED_PARAMS: Readonly<Record<string, string>> = {
  slackTeamIds: 'the Slack workspace(s) the bot serves, as T… ids separated by commas (SLACK_TEAM_IDS)',
};

/** The stage osls packages when none is given (`provider.stage` in serverless.yml). */
const DEFAULT_STAGE = 'dev';

/**
 * The value osls would give `${param:<name>}` for these command-line arguments (those of
 * `npm run package -- …` / `npm run deploy -- …`): `--param name=value` (or `--param=name=value`),
 * else `params.<stage>.<name>`, else `params.default.<name>`, with the stage from `--stage` / `-s`.
 */
export function resolveParam(serverlessYml: unknown, args: readonly string[], name: string): string | undefined {
  let stage = DEFAULT_STAGE;
  let fromArgs: string | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag !== '--param' && flag !== '--stage' && flag !== '-s') continue;
    const value = inline ?? args[index + 1];
    if (inline === undefined) index += 1;
    if (value === undefined) continue;
    if (flag !== '--param') stage = value;
    else if (value.startsWith(`${name}=`)) fromArgs = value.slice(name.length + 1);
  }
  if (fromArgs !== undefined) return fromArgs;
  const params = record(record(serverlessYml)?.params);
  const value = record(params?.[stage])?.[name] ?? record(params?.default)?.[name];
  return value === undefined || value === null ? undefined : String(value);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/**
 * Refuses to package or deploy without the parameters every function needs, so a missing one
 * stops the build instead of every function at its first cold start.
 *
 * @throws `BotError('config')` naming each missing parameter, what it is, and how to pass it.
 * @example
 * checkRequiredParams('serverless.yml', ['--stage', 'prod', '--param=slackTeamIds=T012AB3C4D']);
 */
export function checkRequiredParams(serverlessFile: string, args: readonly string[]): void {
  // CloudFormation's tags (`!Sub`, `!GetAtt`) mean nothing here: only `params` is read.
  const serverlessYml: unknown = parse(readFileSync(serverlessFile, 'utf8'), { logLevel: 'silent' });
  const missing = Object.keys(REQUIRED_PARAMS).filter((name) => (resolveParam(serverlessYml, args, name) ?? '').trim() === '');
  if (missing.length === 0) return;
  const lines = missing.map(
    (name) => `${serverlessFile}: parameter ${name} is not set: ${REQUIRED_PARAMS[name]}. Pass --param="${name}=…" or set params.<stage>.${name}.`,
  );
  throw new BotError('config', `${lines.join('\n')}\nThe functions refuse to start without it.`);
}
