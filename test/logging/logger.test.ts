import { serializeError } from '../../src/logging/logger';
import { collectingLogger } from '../audit/collecting-logger';

describe('the logger', () => {
  it('logs an error without the request options an HTTP error carries', () => {
    const { logger, lines } = collectingLogger();
    const error = Object.assign(new Error('Request failed: GET http://airflow/api/v1/dags'), {
      options: { headers: { Authorization: 'Basic YWRtaW46czNjcjN0' } },
      request: { headers: { authorization: 'Bearer eyJsecret' } },
    });
    logger.warn({ err: error }, 'Airflow request failed');
    const text = JSON.stringify(lines);
    expect(text).not.toContain('YWRtaW46czNjcjN0');
    expect(text).not.toContain('eyJsecret');
    expect(lines[0]!.err).toMatchObject({ type: 'Error', message: 'Request failed: GET http://airflow/api/v1/dags' });
  });

  it('redacts secret-named keys anywhere near the top of a log object', () => {
    const { logger, lines } = collectingLogger();
    logger.info({ password: 'p1', details: { token: 't1', nested: { signing_secret: 's1' } } }, 'x');
    expect(JSON.stringify(lines)).not.toMatch(/p1|t1|s1"/);
  });

  it('keeps a short chain of causes, as messages', () => {
    const error = new Error('outer', { cause: new TypeError('inner') });
    expect(serializeError(error).causes).toEqual(['TypeError: inner']);
    expect(serializeError('plain')).toEqual({ message: 'plain' });
  });
});
