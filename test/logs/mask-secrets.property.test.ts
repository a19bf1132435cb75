import fc from 'fast-check';
import { MASK, SecretMasker } from '../../src/logs/mask-secrets';

/**
 * Random secrets in random log lines, in each place a log puts one. A secret survives when a
 * 4-character piece of it, as the line wrote it, is in the masked line but not in the line with the
 * secret replaced by `***` (so pieces the surrounding text holds anyway do not count).
 */

const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, n) => String.fromCharCode(0x20 + n));
const char = fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...PRINTABLE) }, { weight: 1, arbitrary: fc.constantFrom('é', '€', '密', '😀') });
const text = (chars: fc.Arbitrary<string>) => fc.array(chars, { minLength: 8, maxLength: 40 }).map((parts) => parts.join(''));

/** Any printable text: quoted values may hold anything. */
const anyText = text(char);
/** One unquoted word, as `key=value` and command lines carry it: no space or `&`, and not opening with a quote. */
const word = text(char.filter((c) => !/[\s&]/.test(c))).filter((s) => !/^(?:[bBrRuUfF]{0,2}["']|\\|-|\*+$)/.test(s));
/** A YAML plain scalar: no quote, backslash or space at either end. */
const plain = anyText.map((s) => s.trim()).filter((s) => s.length >= 8 && !/^(?:[bBrRuUfF]{0,2}["']|\\)/.test(s));
/** A URL password: anything but `@`, not opening like a port number. */
const urlPassword = text(char.filter((c) => c !== '@')).filter((s) => !/^\d/.test(s));
const b64 = (min: number) => text(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')).filter((s) => s.length >= min);
const alnum = (length: number) =>
  fc.array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'), { minLength: length, maxLength: length }).map((p) => p.join(''));

const KEYS = ['password', 'PGPASSWORD', 'AWS_SECRET_ACCESS_KEY', 'api_key', 'db.password', 'client_secret', 'auth_token', 'MYSQL_PWD', 'private_key', 'Authorization'];
const key = fc.constantFrom(...KEYS);

/** Ordinary log text around the secret. */
const LOG_WORDS = [
  '[2026-11-22T06:01:03.123+0000]', '{task.py:42}', '{logging_mixin.py:190}', 'INFO', 'ERROR', 'WARNING', '-', 'Connecting', 'to', 'db.internal',
  'retry', '(1/3)', 'user=etl', 'host="db"', "'x'", 'done.', 'Traceback', 'File', '"/opt/airflow/dags/etl.py",', 'line', '9,', 'in', 'load', '{"n": 1}',
  '12:30', '->', '200', 'OK', 'a@b.com', 'https://airflow.internal/x?y=1',
];
const logText = fc.array(fc.constantFrom(...LOG_WORDS), { maxLength: 8 }).map((words) => words.join(' '));

function pythonRepr(s: string): string {
  if (s.includes("'") && !s.includes('"')) return `"${s.replace(/\\/g, '\\\\')}"`;
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
const jsonInner = (s: string) => JSON.stringify(s).slice(1, -1);
const shellDoubleQuoted = (s: string) => `"${s.replace(/[\\"$`]/g, '\\$&')}"`;

/** A place for a secret: the secret as written there, and the line fragment around it. */
interface Placed {
  written: string;
  fragment: (written: string) => string;
}

const place = (written: string, fragment: (w: string) => string): Placed => ({ written, fragment });

const CONTEXTS: Record<string, fc.Arbitrary<Placed>> = {
  'key=value': fc.tuple(key, word).map(([k, s]) => place(s, (w) => `${k}=${w}`)),
  'JSON': fc.tuple(key, anyText).map(([k, s]) => place(jsonInner(s), (w) => `{"${k}": "${w}", "next": 1}`)),
  'JSON inside a JSON string': fc.tuple(key, anyText).map(([k, s]) => place(jsonInner(jsonInner(s)), (w) => `{"event": "{\\"${k}\\": \\"${w}\\", \\"n\\": 1}"}`)),
  'Python repr': fc.tuple(key, anyText).map(([k, s]) => {
    const repr = pythonRepr(s);
    return place(repr.slice(1, -1), (w) => `{'${k}': ${repr[0]}${w}${repr[0]}, 'retries': 3}`);
  }),
  'Python keyword argument': fc.tuple(key, anyText).map(([k, s]) => {
    const repr = pythonRepr(s);
    return place(repr.slice(1, -1), (w) => `Hook(${k.toLowerCase()}=${repr[0]}${w}${repr[0]}, x=1)`);
  }),
  'YAML single-quoted': fc.tuple(key, anyText).map(([k, s]) => place(s.replace(/'/g, "''"), (w) => `${k}: '${w}'`)),
  'YAML plain': fc.tuple(key, plain).map(([k, s]) => place(s, (w) => `  ${k}: ${w}`)),
  'command-line option': fc.tuple(fc.constantFrom('--password', '--conn-password', '--api-key', '--token'), anyText).map(([flag, s]) => {
    const quoted = shellDoubleQuoted(s);
    return place(quoted.slice(1, -1), (w) => `run ${flag} "${w}" --verbose`);
  }),
  'command-line option=': word.map((s) => place(s, (w) => `run --password=${w} --verbose`)),
  'mysql -p': word.map((s) => place(s, (w) => `mysql -h db -u etl -p${w} orders`)),
  'URL user-info': urlPassword.map((s) => place(s, (w) => `postgresql+psycopg2://etl:${w}@db.internal:5432/orders`)),
  'Authorization header': fc.tuple(fc.constantFrom('Bearer', 'Basic', 'Token'), b64(8)).map(([scheme, s]) => place(s, (w) => `Authorization: ${scheme} ${w}`)),
  'bare token': fc
    .oneof(
      b64(16).map((s) => `whsec_${s}`),
      fc.tuple(alnum(10), alnum(24)).map(([a, b]) => `xoxb-1234567890-${a}-${b}`),
      alnum(24).map((s) => `xoxp-1-${s}`),
      alnum(36).map((s) => `ghp_${s}`),
      alnum(82).map((s) => `github_pat_${s}`),
      alnum(35).map((s) => `AIza${s}`),
      fc.tuple(alnum(20), alnum(30), alnum(20)).map(([a, b, c]) => `eyJ${a}.eyJ${b}.${c}`),
      alnum(16).map((s) => `AKIA${s.toUpperCase()}`),
    )
    .map((s) => place(s, (w) => w)),
  'webhook URL': fc
    .oneof(
      fc.tuple(alnum(9), alnum(9), alnum(24)).map(([t, b, s]) => ({ host: 'https://hooks.slack.com/services/', path: `T${t}/B${b}/${s}` })),
      alnum(40).map((s) => ({ host: 'https://discord.com/api/webhooks/', path: `123456789012345678/${s}` })),
      alnum(32).map((s) => ({ host: 'https://contoso.webhook.office.com/webhookb2/', path: `9f3c1e2a-1b2c-4d5e-8f90-a1b2c3d4e5f6@72f988bf/IncomingWebhook/${s}/x` })),
    )
    .map(({ host, path }) => place(path, (w) => `posting to ${host}${w}`)),
};

function survivors(written: string, masked: string, expectedAtMost: string): string[] {
  const pieces: string[] = [];
  for (let at = 0; at + 4 <= written.length; at += 1) {
    const piece = written.slice(at, at + 4);
    if (masked.includes(piece) && !expectedAtMost.includes(piece)) pieces.push(piece);
  }
  return pieces;
}

describe('SecretMasker on random secrets in random lines', () => {
  it.each(Object.entries(CONTEXTS))('leaves no 4-character piece of a secret in %s', (_context, placed) => {
    fc.assert(
      fc.property(placed, logText, logText, ({ written, fragment }, before, after) => {
        const line = `${before} ${fragment(written)} ${after}`;
        const masked = new SecretMasker().maskLine(line);
        expect(survivors(written, masked, `${before} ${fragment(MASK)} ${after}`)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("leaves no 4-character piece of the deployment's own credential value, wherever it is", () => {
    fc.assert(
      fc.property(anyText, logText, logText, (secret, before, after) => {
        const line = `${before}${secret}${after}`;
        const masked = new SecretMasker([secret]).maskLine(line);
        expect(survivors(secret, masked, `${before}${MASK}${after}`)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('finds a secret that survives, so the check can fail', () => {
    expect(survivors('hunter2hunter2', 'login with hunter2hunter2', 'login with ***')).toEqual(['hunt', 'unte', 'nter', 'ter2', 'er2h', 'r2hu', '2hun', 'hunt', 'unte', 'nter', 'ter2']);
  });
});
