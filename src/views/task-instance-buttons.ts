import type { Button, Overflow } from '@slack/types';
import type { TaskInstance } from '../airflow/model';
import { asBotError } from '../errors';
import { encodeAddress } from '../protocol/button-values';
import { ACTION_IDS } from '../protocol/interaction-types';
import type { CardAction } from './available-actions';
import { button, plainText } from './blocks';
import { OPTION_VALUE_MAX } from './limits';

const LABELS: Readonly<Record<CardAction, string>> = {
  viewLogs: 'View logs',
  markSuccess: 'Mark success',
  markFailed: 'Mark failed',
  clear: 'Clear (retry)',
  addNote: 'Add note',
  refresh: 'Refresh',
};

export type TaskInstanceButtons =
  | { ok: true; buttons: Button[] }
  /** The address did not fit in a button value; `reason` says why, for a context line. */
  | { ok: false; reason: string };

/**
 * The action buttons for one task instance, each carrying its address (with the try shown).
 * Mutating buttons open nothing themselves: the bot answers with a preview to confirm.
 */
export function taskInstanceButtons(
  deploymentName: string,
  ti: TaskInstance,
  actions: readonly CardAction[],
): TaskInstanceButtons {
  let value: string;
  try {
    value = encodeAddress(addressOf(deploymentName, ti));
  } catch (error) {
    return { ok: false, reason: asBotError(error).userMessage };
  }
  return {
    ok: true,
    buttons: actions.map((action) => button({ actionId: ACTION_IDS[action], text: LABELS[action], value })),
  };
}

/**
 * The card's overflow menu with its Audit entry, carrying the address. Slack allows 150 characters
 * in an option's value: a task instance whose ids are longer gets no menu (`/airflow audit` still works).
 */
export function auditOverflow(deploymentName: string, ti: TaskInstance): Overflow | undefined {
  let value: string;
  try {
    value = encodeAddress(addressOf(deploymentName, ti));
  } catch {
    return undefined;
  }
  if (value.length > OPTION_VALUE_MAX) return undefined;
  return { type: 'overflow', action_id: ACTION_IDS.audit, options: [{ text: plainText('Audit'), value }] };
}

function addressOf(deploymentName: string, ti: TaskInstance) {
  return {
    deployment: deploymentName,
    dagId: ti.dagId,
    runId: ti.runId,
    taskId: ti.taskId,
    mapIndex: ti.mapIndex,
    tryNumber: ti.tryNumber,
  };
}
