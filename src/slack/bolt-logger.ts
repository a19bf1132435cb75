import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../logging/logger';

/**
 * Bolt's logger on top of ours. Debug is dropped on purpose: at debug level Bolt's Lambda receiver
 * logs the whole API Gateway event, which holds user data and request signatures.
 */
export function boltLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: 'bolt' });
  const text = (parts: unknown[]): string =>
    parts.map((part) => (part instanceof Error ? part.message : String(part))).join(' ');
  return {
    debug: () => undefined,
    info: (...parts: unknown[]) => child.info(text(parts)),
    warn: (...parts: unknown[]) => child.warn(text(parts)),
    error: (...parts: unknown[]) => child.error(text(parts)),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}
