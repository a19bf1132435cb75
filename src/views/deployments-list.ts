import type { KnownBlock } from '@slack/types';
import type { DeploymentHealth } from '../airflow/deployment-probe';
import { contextBlock, headerBlock, sectionBlock } from './blocks';
import { MESSAGE_BLOCKS_MAX, SECTION_TEXT_MAX } from './limits';
import type { SlackMessage } from './message';
import { inlineCode } from './mrkdwn-code';
import { escapeMrkdwn } from './mrkdwn-escape';
import { packLinesCounted } from './pack-lines';

/** One deployment and what it answered just now. */
export type DeploymentStatus = { name: string; displayName: string } & DeploymentHealth;

const STATE_WORDS: Record<Exclude<DeploymentHealth['state'], 'reachable'>, string> = {
  unreachable: 'unreachable',
  credentials_rejected: 'credentials rejected',
  not_checked: 'not checked',
};

/** Header, plus one for "…and M more". */
const SECTIONS_MAX = MESSAGE_BLOCKS_MAX - 2;

/**
 * `deployments`: each deployment the user may read, as it answered just now: reachable with its
 * Airflow version, unreachable, or refusing the bot's credentials, each with the reason.
 *
 * @example
 * deploymentsList({ deployments: [{ name: 'prod', displayName: 'Production', state: 'reachable', version: '3.1.0' }] })
 */
export function deploymentsList(input: { deployments: readonly DeploymentStatus[] }): SlackMessage {
  const entries = input.deployments.map(deploymentEntry);
  const packed = packLinesCounted(entries, SECTION_TEXT_MAX);
  const shown = packed.slice(0, SECTIONS_MAX);
  const blocks: KnownBlock[] = [headerBlock('Airflow deployments')];
  if (entries.length === 0) blocks.push(sectionBlock('No deployments you may read are configured.'));
  blocks.push(...shown.map((packedText) => sectionBlock(packedText.text)));
  const shownCount = shown.reduce((sum, packedText) => sum + packedText.lineCount, 0);
  if (shownCount < entries.length) blocks.push(contextBlock(`…and ${entries.length - shownCount} more`));
  return { text: summary(input.deployments), blocks };
}

/** `3 deployments, all reachable` or `3 deployments: 1 unreachable, 1 credentials rejected`. */
function summary(deployments: readonly DeploymentStatus[]): string {
  const count = `${deployments.length} deployment${deployments.length === 1 ? '' : 's'}`;
  const problems = (Object.keys(STATE_WORDS) as (keyof typeof STATE_WORDS)[])
    .map((state) => [deployments.filter((d) => d.state === state).length, STATE_WORDS[state]] as const)
    .filter(([n]) => n > 0)
    .map(([n, words]) => `${n} ${words}`);
  return problems.length === 0 ? `${count}, all reachable` : `${count}: ${problems.join(', ')}`;
}

/** One deployment's line: its name and how it answered (`:large_green_circle: *Production* `prod` · reachable · Airflow 3.1.0`). */
export function deploymentEntry(deployment: DeploymentStatus): string {
  const name = `*${escapeMrkdwn(deployment.displayName, 200)}* ${inlineCode(deployment.name, 120)}`;
  if (deployment.state === 'reachable') {
    return `:large_green_circle: ${name} · reachable · Airflow ${escapeMrkdwn(deployment.version, 40)}`;
  }
  const icon = deployment.state === 'unreachable' ? ':red_circle:' : ':large_orange_circle:';
  return `${icon} ${name} · ${STATE_WORDS[deployment.state]}: ${escapeMrkdwn(deployment.reason, 400)}`;
}
