import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SlackView } from '../slack-stand-in/types';
import { isRecord } from './is-record';
import type { ViewStateValues } from './view-submission-body';

/** The message a `--click` acts on. */
export interface RememberedMessage {
  /** The stand-in's id; absent for the bot's immediate reply, which Slack shows but the stand-in never sees. */
  id?: string;
  channel: string;
  ts: string;
  ephemeral: boolean;
  text: string;
  blocks: unknown[];
}

/** What `npm run slack` remembers between runs. */
export interface CliState {
  lastMessage?: RememberedMessage;
  lastView?: SlackView;
  /** What `--select` picked in the modal `lastViewId`; sent with `--suggest` and `--submit`. */
  lastViewValues?: ViewStateValues;
  lastViewId?: string;
}

/** Reads the state file; a missing or unreadable one is an empty state (the next run rewrites it). */
export async function readCliState(path: string): Promise<CliState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? (parsed as CliState) : {};
  } catch {
    return {};
  }
}

/** Writes the state file, creating its folder (`.local/`) when needed. */
export async function writeCliState(path: string, state: CliState): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(state, null, 2)}\n`, 'utf8');
}
