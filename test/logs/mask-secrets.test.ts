import { DEFAULT_LOG_READ_LIMITS, readLogBody } from '../../src/airflow/log-reader';
import { excerptFromFeed, fullLogFromFeed } from '../../src/logs/log-pipeline';
import { maskSecrets, SecretMasker } from '../../src/logs/mask-secrets';
import { chunkedBody } from './chunked-body';

const DEPLOYMENT_PASSWORD = 'Tr0ub4dor&3-prod';

/** Each secret shape, as a log line and the secret in it that must not survive. */
const SHAPES: { name: string; line: string; secret: string; masked: string }[] = [
  { name: 'AWS access key id', line: 'Using key AKIAIOSFODNN7EXAMPLE for s3', secret: 'AKIAIOSFODNN7EXAMPLE', masked: 'Using key *** for s3' },
  {
    name: 'AWS secret access key',
    line: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    masked: 'aws_secret_access_key = ***',
  },
  { name: 'Slack bot token', line: 'posting with xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp', secret: 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp', masked: 'posting with ***' },
  {
    name: 'JWT',
    line: 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXBhcnQ accepted',
    secret: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXBhcnQ',
    masked: 'token *** accepted',
  },
  { name: 'Authorization header', line: "headers={'Authorization': 'Basic ZXRsOnMzY3IzdA=='}", secret: 'ZXRsOnMzY3IzdA==', masked: "headers={'Authorization': 'Basic ***'}" },
  { name: 'Bearer value', line: 'GET /api with Bearer abcDEF123456ghiJKL', secret: 'abcDEF123456ghiJKL', masked: 'GET /api with Bearer ***' },
  { name: 'password in a URL', line: 'connecting to postgresql://etl_user:pa55w0rd@db.internal:5432/orders', secret: 'pa55w0rd', masked: 'connecting to postgresql://etl_user:***@db.internal:5432/orders' },
  { name: 'password= pair', line: 'login user=etl password=hunter22 host=db', secret: 'hunter22', masked: 'login user=etl password=*** host=db' },
  { name: 'secret: pair', line: '{"client_secret": "s3cr3t-value-42"}', secret: 's3cr3t-value-42', masked: '{"client_secret": "***"}' },
  { name: 'token= pair', line: 'callback?token=abc123def456&next=1', secret: 'abc123def456', masked: 'callback?token=***&next=1' },
  { name: 'GitHub token', line: 'git clone with ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', secret: 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', masked: 'git clone with ***' },
  { name: 'Google API key', line: 'maps key AIzaSyA-1234567890abcdefghijklmnopqrstu', secret: 'AIzaSyA-1234567890abcdefghijklmnopqrstu', masked: 'maps key ***' },
  { name: "the deployment's own password", line: `retrying with ${DEPLOYMENT_PASSWORD} now`, secret: DEPLOYMENT_PASSWORD, masked: 'retrying with *** now' },
];

const PRIVATE_KEY = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB',
  'aNhXkbQ9jt0t3PkyyzWvbXJ5W7lUVYTLx/lbJ0VYBjHsOeB3bRZ0VLdpBEzH3CYV',
  '-----END RSA PRIVATE KEY-----',
];

describe('SecretMasker', () => {
  it.each(SHAPES)('masks $name in a line', ({ line, secret, masked }) => {
    const result = new SecretMasker([DEPLOYMENT_PASSWORD]).maskLine(line);
    expect(result).toBe(masked);
    expect(result).not.toContain(secret);
  });

  it("leaves Airflow's own *** and ordinary lines as they are", () => {
    const masker = new SecretMasker([DEPLOYMENT_PASSWORD]);
    expect(masker.maskLine('conn password=*** url=postgresql://etl:***@db/x')).toBe('conn password=*** url=postgresql://etl:***@db/x');
    expect(masker.maskLine('[2026-11-22T06:01:02] {python.py:240} INFO - Done. Returned value was: None')).toBe(
      '[2026-11-22T06:01:02] {python.py:240} INFO - Done. Returned value was: None',
    );
  });

  it('masks a private key printed over several lines, from BEGIN to END', () => {
    const masker = new SecretMasker();
    expect(['before', ...PRIVATE_KEY, 'after'].map((line) => masker.maskLine(line))).toEqual(['before', '***', '***', '***', '***', 'after']);
  });

  it('masks a private key inside one line', () => {
    expect(new SecretMasker().maskLine(`key="${PRIVATE_KEY.join('\\n')}" ok`)).toBe('key="***" ok');
  });

  it('masks the URL-encoded spelling of a known value, and ignores values shorter than 5 characters', () => {
    const masker = new SecretMasker([DEPLOYMENT_PASSWORD, 'abc']);
    expect(masker.maskLine(`p=${encodeURIComponent(DEPLOYMENT_PASSWORD)}&q=abc`)).toBe('p=***&q=abc');
  });
});

describe('maskSecrets', () => {
  it('masks every line of a text, for alert messages', () => {
    expect(maskSecrets(`first ${DEPLOYMENT_PASSWORD}\nsecond xoxp-1111111111-2222222222`, [DEPLOYMENT_PASSWORD])).toBe('first ***\nsecond ***');
  });
});


describe('masking a streamed log', () => {
  const log = [
    '[2026-11-22T06:01:02] {task.py:1} INFO - starting',
    ...SHAPES.map((shape) => `[2026-11-22T06:01:03] {task.py:2} INFO - ${shape.line}`),
    ...PRIVATE_KEY,
    '[2026-11-22T06:01:04] {taskinstance.py:3311} ERROR - Task failed with exception',
    'Traceback (most recent call last):',
    '  File "/opt/airflow/dags/etl.py", line 9, in load',
    `ValueError: could not log in as etl with ${DEPLOYMENT_PASSWORD}`,
  ].join('\n');
  const secrets = [...SHAPES.map((shape) => shape.secret), PRIVATE_KEY[1], PRIVATE_KEY[2]];

  it.each([1, 7, 64, 4096])('leaves no secret in the excerpt or the file when chunks are %i bytes', async (size) => {
    const feed = (onLine: (line: string) => void) => readLogBody('text', chunkedBody(log, size), onLine, DEFAULT_LOG_READ_LIMITS);
    const excerpt = await excerptFromFeed(feed, [DEPLOYMENT_PASSWORD], { tailLines: 40 });
    const excerptText = excerpt.sections.flatMap((section) => section.lines).join('\n');
    const file = (await fullLogFromFeed(feed, [DEPLOYMENT_PASSWORD])).content.toString('utf8');
    for (const secret of secrets) {
      expect(excerptText).not.toContain(secret);
      expect(file).not.toContain(secret);
    }
    // What is around the secrets is still there.
    expect(file).toContain('ValueError: could not log in as etl with ***');
    expect(excerptText).toContain('ValueError: could not log in as etl with ***');
    expect(file.split('\n')).toHaveLength(log.split('\n').length + 1);
  });

  it('masks a private key sent one line per NDJSON record, lines the reader leaves unparsed included', async () => {
    const ndjson = log
      .split('\n')
      .map((line) => JSON.stringify({ event: line }))
      .join('\n');
    const feed = (onLine: (line: string, render?: (raw: string) => string) => void) =>
      readLogBody('ndjson', chunkedBody(ndjson, 13), onLine, DEFAULT_LOG_READ_LIMITS);
    const excerpt = await excerptFromFeed(feed, [DEPLOYMENT_PASSWORD], { tailLines: 40 });
    const excerptText = excerpt.sections.flatMap((section) => section.lines).join('\n');
    const file = (await fullLogFromFeed(feed, [DEPLOYMENT_PASSWORD])).content.toString('utf8');
    for (const secret of secrets) {
      expect(excerptText).not.toContain(secret);
      expect(file).not.toContain(secret);
    }
    expect(excerptText).toContain('starting');
  });
});
