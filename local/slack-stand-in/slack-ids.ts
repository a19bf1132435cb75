import { randomBytes } from 'node:crypto';
import type { Clock } from '../../src/clock';

/** Makes the ids and timestamps Slack would assign, unique within one stand-in. */
export interface SlackIds {
  /** A message timestamp such as `1767225600.000001`: seconds, then a counter so no two are equal. */
  messageTs(): string;
  /** A view id such as `VLOCAL00001`. */
  viewId(): string;
  /** A view hash such as `1767225600.a1b2c3d4`, new at every change. */
  viewHash(): string;
  /** The stand-in's id of a message, such as `M000001`. */
  messageId(): string;
  /** The secret part of a response URL. */
  responseUrlToken(): string;
  /** A file id such as `FLOCAL00001`. */
  fileId(): string;
  /** A trigger id in Slack's format, such as `1767225600.1.5f2b…` (seconds, a counter, hex). */
  triggerId(): string;
}

/** Ids for one stand-in; timestamps follow `clock`. */
export function createSlackIds(clock: Clock): SlackIds {
  let messages = 0;
  let views = 0;
  let tsCounter = 0;
  let files = 0;
  let triggers = 0;
  const seconds = () => Math.floor(clock() / 1000);
  return {
    messageTs: () => `${seconds()}.${String(++tsCounter % 1_000_000).padStart(6, '0')}`,
    viewId: () => `VLOCAL${String(++views).padStart(5, '0')}`,
    viewHash: () => `${seconds()}.${randomBytes(4).toString('hex')}`,
    messageId: () => `M${String(++messages).padStart(6, '0')}`,
    responseUrlToken: () => randomBytes(12).toString('hex'),
    fileId: () => `FLOCAL${String(++files).padStart(5, '0')}`,
    triggerId: () => `${seconds()}.${++triggers}.${randomBytes(16).toString('hex')}`,
  };
}
