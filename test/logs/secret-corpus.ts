/**
 * Secret shapes as logs print them, each with the secret that must go and the exact line left.
 * Tokens are put together from parts so that no scanner mistakes this file for a leak.
 */

export const DEPLOYMENT_PASSWORD = `pa"ss w0rd/'prod'`;

export const hex = (n: number) => '0123456789abcdef'.repeat(8).slice(0, n);
export const alnum = (n: number) => 'aB3dE5gH7jK9mN1pQ2rS4tU6vW8xY0z'.repeat(8).slice(0, n);
const guid = '9f3c1e2a-1b2c-4d5e-8f90-a1b2c3d4e5f6';

export interface Case {
  line: string;
  /** What must not be left. */
  secret: string;
  masked: string;
}

export const CASES: Record<string, Case[]> = {
  'JSON': [
    { line: '"password": "correct horse battery staple"', secret: 'horse battery staple', masked: '"password": "***"' },
    { line: '{"password":"a, b \\"c\\" d","user":"etl"}', secret: '\\"c\\" d', masked: '{"password":"***","user":"etl"}' },
    { line: '{"client_secret": "x\\u0022y z\\\\", "scope": "all"}', secret: 'x\\u0022y z', masked: '{"client_secret": "***", "scope": "all"}' },
    { line: '{"api_key" : "k e y, 1234"}', secret: 'k e y, 1234', masked: '{"api_key" : "***"}' },
    {
      line: '{"event": "{\\"password\\": \\"correct \\\\\\"horse\\\\\\" battery\\", \\"x\\": 1}"}',
      secret: 'horse',
      masked: '{"event": "{\\"password\\": \\"***\\", \\"x\\": 1}"}',
    },
    { line: '{"extra": {"token": "a b c d e"}, "conn_id": "pg"}', secret: 'a b c d e', masked: '{"extra": {"token": "***"}, "conn_id": "pg"}' },
    { line: '{"password": "unterminated secret at the cut', secret: 'unterminated secret', masked: '{"password": "***' },
  ],
  'YAML': [
    { line: 'password: "correct horse battery"', secret: 'correct horse battery', masked: 'password: "***"' },
    { line: "password: 'it''s correct horse'", secret: "s correct horse", masked: "password: '***'" },
    { line: 'password: correct horse battery staple', secret: 'horse battery staple', masked: 'password: ***' },
    { line: '  db_password: correct horse  # prod', secret: 'correct horse', masked: '  db_password: ***' },
    { line: '- secret_key: a,b c,d', secret: 'b c,d', masked: '- secret_key: ***' },
    { line: '[2026-11-22T06:01:03] {task.py:2} INFO - credentials: correct horse', secret: 'correct horse', masked: '[2026-11-22T06:01:03] {task.py:2} INFO - credentials: ***' },
  ],
  'Python reprs': [
    { line: "{'password': 'it\\'s a b', 'login': 'etl'}", secret: "s a b", masked: "{'password': '***', 'login': 'etl'}" },
    { line: `{'password': "it's a b", 'login': 'etl'}`, secret: "it's a b", masked: `{'password': "***", 'login': 'etl'}` },
    { line: "Connection(conn_id='pg', password='a b,c', host='db')", secret: 'a b,c', masked: "Connection(conn_id='pg', password='***', host='db')" },
    { line: "{'secret': b'a b c', 'n': 1}", secret: 'a b c', masked: "{'secret': b'***', 'n': 1}" },
    { line: "kwargs={'auth_token': 'x y', 'retries': 3}", secret: 'x y', masked: "kwargs={'auth_token': '***', 'retries': 3}" },
    { line: "config['password'] = 'correct horse'", secret: 'correct horse', masked: "config['password'] = '***'" },
  ],
  'environment and INI': [
    { line: 'PGPASSWORD=S3cr3t!pw psql -h db', secret: 'S3cr3t!pw', masked: 'PGPASSWORD=*** psql -h db' },
    { line: 'export PGPASSWORD="correct horse" && psql', secret: 'correct horse', masked: 'export PGPASSWORD="***" && psql' },
    { line: 'MYSQL_PWD=a"b\'c mysql', secret: 'a"b\'c', masked: 'MYSQL_PWD=*** mysql' },
    {
      line: 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      masked: 'AWS_SECRET_ACCESS_KEY=***',
    },
    { line: 'aws_session_token = FwoGZXIvYXdzEJr//////////wEaDH', secret: 'FwoGZXIvYXdzEJr', masked: 'aws_session_token = ***' },
    { line: 'fernet_key = 81HqDtbqAywKSOumSha3BhWNOdQ26slT6K0YaZeZyPs=', secret: '81HqDtbqAywKSOumSha3BhWNOdQ26slT6K0YaZeZyPs=', masked: 'fernet_key = ***' },
    { line: 'login user=etl password=hunter22 host=db', secret: 'hunter22', masked: 'login user=etl password=*** host=db' },
    { line: 'callback?token=abc123def456&next=1', secret: 'abc123def456', masked: 'callback?token=***&next=1' },
    { line: 'f(password=abc123def)', secret: 'abc123def', masked: 'f(password=***)' },
  ],
  'command lines': [
    {
      line: 'airflow connections add pg --conn-password "correct horse" --conn-host db',
      secret: 'correct horse',
      masked: 'airflow connections add pg --conn-password "***" --conn-host db',
    },
    { line: 'app --password hunter2hunter2 --user etl', secret: 'hunter2hunter2', masked: 'app --password *** --user etl' },
    { line: 'app --password=hunter2hunter2 --user etl', secret: 'hunter2hunter2', masked: 'app --password=*** --user etl' },
    { line: "app --api-key 'k e y' -v", secret: 'k e y', masked: "app --api-key '***' -v" },
    { line: 'mysql -h db -u etl -pS3cr3t!pw orders', secret: 'S3cr3t!pw', masked: 'mysql -h db -u etl -p*** orders' },
    { line: "mysqldump -u etl -p'correct horse' orders", secret: 'correct horse', masked: "mysqldump -u etl -p'***' orders" },
    { line: "sshpass -p 'correct horse' ssh etl@host", secret: 'correct horse', masked: "sshpass -p '***' ssh etl@host" },
    { line: 'redis-cli -h cache -a S3cr3tPass ping', secret: 'S3cr3tPass', masked: 'redis-cli -h cache -a *** ping' },
    { line: 'curl -sf -u etl:S3cr3tPass https://api.internal/x', secret: 'S3cr3tPass', masked: 'curl -sf -u *** https://api.internal/x' },
  ],
  'URL user-info': [
    { line: 'connecting to postgresql://etl_user:pa55w0rd@db.internal:5432/orders', secret: 'pa55w0rd', masked: 'connecting to postgresql://etl_user:***@db.internal:5432/orders' },
    { line: `postgres://etl:it's a "pass"@db.internal/orders`, secret: `it's a "pass"`, masked: 'postgres://etl:***@db.internal/orders' },
    { line: 'redis://:S3cr3tPass@cache:6379/0', secret: 'S3cr3tPass', masked: 'redis://:***@cache:6379/0' },
    { line: 'mysql://etl:p%40ss%20w0rd@db/x', secret: 'p%40ss%20w0rd', masked: 'mysql://etl:***@db/x' },
    {
      line: "AIRFLOW_CONN_PG='postgresql+psycopg2://etl:a/b:c?d@db:5432/orders?sslmode=require'",
      secret: 'a/b:c?d',
      masked: "AIRFLOW_CONN_PG='postgresql+psycopg2://etl:***@db:5432/orders?sslmode=require'",
    },
    { line: 'sql_alchemy_conn = postgresql://airflow:correct horse@pg/airflow', secret: 'correct horse', masked: 'sql_alchemy_conn = postgresql://airflow:***@pg/airflow' },
    { line: 'amqp://guest:gu est@[::1]:5672//', secret: 'gu est', masked: 'amqp://guest:***@[::1]:5672//' },
  ],
  'Authorization': [
    { line: 'Authorization: Bearer abc.def_ghi-123', secret: 'abc.def_ghi-123', masked: 'Authorization: Bearer ***' },
    { line: "curl -H 'Authorization: Basic ZXRsOnMzY3IzdA==' https://x", secret: 'ZXRsOnMzY3IzdA==', masked: "curl -H 'Authorization: Basic ***' https://x" },
    { line: "headers={'Authorization': 'Token 0123456789abcdef'}", secret: '0123456789abcdef', masked: "headers={'Authorization': 'Token ***'}" },
    {
      line: 'Authorization: Digest username="etl", response="6629fae49393a05397450978507c4ef1"',
      secret: '6629fae49393a05397450978507c4ef1',
      masked: 'Authorization: Digest ***',
    },
    { line: 'GET /api with Bearer abcDEF123456ghiJKL', secret: 'abcDEF123456ghiJKL', masked: 'GET /api with Bearer ***' },
    { line: 'sent Basic ZXRsOnMzY3IzdA== to the proxy', secret: 'ZXRsOnMzY3IzdA==', masked: 'sent Basic *** to the proxy' },
  ],
  'private keys in one line': [
    {
      line: `{"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n", "client_email": "x@y"}`,
      secret: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
      masked: '{"private_key": "***", "client_email": "x@y"}',
    },
    { line: 'key="-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU" cut', secret: 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmU', masked: 'key="***' },
  ],
  'tokens': [
    { line: `verifying with whsec_${alnum(32)}`, secret: alnum(32), masked: 'verifying with ***' },
    { line: `whsec_${alnum(24)}/+=`, secret: alnum(24), masked: '***' },
    { line: `posting with xoxb-${'1234567890'}-${'0987654321'}-${alnum(24)}`, secret: alnum(24), masked: 'posting with ***' },
    { line: `user token xoxp-1-${alnum(20)}`, secret: alnum(20), masked: 'user token ***' },
    { line: `xoxa-2-${alnum(20)} and xoxr-${alnum(20)}`, secret: alnum(20), masked: '*** and ***' },
    { line: `rotated xoxe.xoxp-1-${alnum(30)}`, secret: alnum(30), masked: 'rotated ***' },
    { line: `socket xapp-1-A0${alnum(20)}`, secret: alnum(20), masked: 'socket ***' },
    { line: `https://hooks.slack.com/services/T0${alnum(8)}/B0${alnum(8)}/${alnum(24)}`, secret: alnum(24), masked: 'https://hooks.slack.com/services/***' },
    { line: `"https://hooks.slack.com/workflows/T0${alnum(8)}/A0${alnum(8)}/1/${alnum(24)}"`, secret: alnum(24), masked: '"https://hooks.slack.com/workflows/***"' },
    {
      line: `url=https://contoso.webhook.office.com/webhookb2/${guid}@${guid}/IncomingWebhook/${hex(32)}/${guid} ok`,
      secret: hex(32),
      masked: 'url=https://contoso.webhook.office.com/webhookb2/*** ok',
    },
    {
      line: `https://prod-00.westus.logic.azure.com:443/workflows/${hex(32)}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers&sv=1.0&sig=${alnum(43)}`,
      secret: alnum(43),
      masked: `https://prod-00.westus.logic.azure.com:443/workflows/${hex(32)}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers&sv=1.0&sig=***`,
    },
    { line: `https://discord.com/api/webhooks/123456789012345678/${alnum(40)}`, secret: alnum(40), masked: 'https://discord.com/api/webhooks/***' },
    { line: `https://storage.googleapis.com/b/o?X-Goog-Credential=sa%40p&X-Goog-Signature=${hex(64)}`, secret: hex(64), masked: 'https://storage.googleapis.com/b/o?X-Goog-Credential=***&X-Goog-Signature=***' },
    { line: `git clone with ghp_${alnum(36)}`, secret: alnum(36), masked: 'git clone with ***' },
    { line: `GH_TOKEN=github_pat_11${alnum(20)}_${alnum(59)}`, secret: alnum(20), masked: 'GH_TOKEN=***' },
    { line: `https://x-access-token:ghs_${alnum(36)}@github.com/o/r.git`, secret: alnum(36), masked: 'https://x-access-token:***@github.com/o/r.git' },
    { line: `maps key AIzaSyA-${alnum(31)}`, secret: alnum(31), masked: 'maps key ***' },
    { line: `access ya29.a0${alnum(40)}`, secret: alnum(40), masked: 'access ***' },
    { line: 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXBhcnQ accepted', secret: 'c2lnbmF0dXJlLXBhcnQ', masked: 'token *** accepted' },
    { line: 'Using key AKIAIOSFODNN7EXAMPLE for s3', secret: 'AKIAIOSFODNN7EXAMPLE', masked: 'Using key *** for s3' },
    { line: `pushing with glpat-${alnum(20)}`, secret: alnum(20), masked: 'pushing with ***' },
    { line: `//registry.npmjs.org/:_authToken=npm_${alnum(36)}`, secret: alnum(36), masked: '//registry.npmjs.org/:_authToken=***' },
    { line: `upload with pypi-AgEIcHlwaS5vcmc${alnum(60)}`, secret: alnum(60), masked: 'upload with ***' },
    { line: `client sk-ant-api03-${alnum(60)}AA`, secret: alnum(60), masked: 'client ***' },
    { line: `client sk-proj-${alnum(60)}`, secret: alnum(60), masked: 'client ***' },
    { line: `charge with ${'sk'}_live_${alnum(24)}`, secret: alnum(24), masked: 'charge with ***' },
    { line: `mail SG.${alnum(22)}.${alnum(43)}`, secret: alnum(22), masked: 'mail ***' },
    { line: `dbx dapi${hex(32)}`, secret: hex(32), masked: 'dbx ***' },
    { line: `vault hvs.${alnum(90)}`, secret: alnum(90), masked: 'vault ***' },
    { line: `hub hf_${alnum(34)}`, secret: alnum(34), masked: 'hub ***' },
    { line: `jira ATATT3${alnum(60)}`, secret: alnum(60), masked: 'jira ***' },
    { line: `azure abc8Q~${alnum(34)} ok`, secret: alnum(34), masked: 'azure *** ok' },
  ],
  "the deployment's own credential values": [
    { line: `retrying with ${DEPLOYMENT_PASSWORD} now`, secret: DEPLOYMENT_PASSWORD, masked: 'retrying with *** now' },
    { line: `p=${encodeURIComponent(DEPLOYMENT_PASSWORD)}&q=1`, secret: encodeURIComponent(DEPLOYMENT_PASSWORD), masked: 'p=***&q=1' },
    { line: 'p=pa%22ss%20w0rd%2F%27prod%27 from quote()', secret: 'pa%22ss%20w0rd%2F%27prod%27', masked: 'p=*** from quote()' },
    { line: 'p=pa%22ss+w0rd%2F%27prod%27 from quote_plus()', secret: 'pa%22ss+w0rd%2F%27prod%27', masked: 'p=*** from quote_plus()' },
    { line: `logged ${JSON.stringify({ value: DEPLOYMENT_PASSWORD })}`, secret: 'ss w0rd', masked: 'logged {"value":"***"}' },
    { line: "args=('pa\"ss w0rd/\\'prod\\'',)", secret: 'ss w0rd', masked: "args=('***',)" },
  ],
};

/** Lines with nothing secret in them: they stay exactly as they are. */
export const LEFT_ALONE = [
  '[2026-11-22T06:01:02] {python.py:240} INFO - Done. Returned value was: None',
  'conn password=*** url=postgresql://etl:***@db/x',
  'password=None token=null secret=***',
  "{'password': None, 'retries': 3}",
  '"password": ""',
  'if token == expected:',
  'arn:aws:secretsmanager:us-east-1:123456789012:secret:airflow/connections/pg',
  'psycopg2.OperationalError: FATAL:  password authentication failed for user "etl"',
  'Basic authentication failed for https://api.internal/x',
  'mkdir -p /tmp/out && ssh -p 2222 host',
  'docker login --password-stdin --username etl < /run/secret',
  'visit http://example.com:8080/docs or mail admin@example.com',
  'author: Jane Doe',
];

