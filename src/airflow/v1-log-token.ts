import { inflateSync } from 'node:zlib';

/**
 * Whether an Airflow 2 log continuation token says the log has ended. The token is an
 * itsdangerous `URLSafeSerializer` dump: base64url JSON (zlib-compressed when it starts with `.`),
 * then `.` and a signature. The bot only reads `end_of_log`; Airflow checks the signature when the
 * token comes back. An unreadable token means "not ended": reading on is the safe choice.
 */
export function v1LogHasEnded(token: string): boolean {
  const compressed = token.startsWith('.');
  const payload = (compressed ? token.slice(1) : token).split('.')[0];
  if (!payload) return false;
  try {
    const bytes = Buffer.from(payload, 'base64url');
    const json: unknown = JSON.parse((compressed ? inflateSync(bytes) : bytes).toString('utf8'));
    return typeof json === 'object' && json !== null && 'end_of_log' in json && json.end_of_log === true;
  } catch {
    return false;
  }
}
