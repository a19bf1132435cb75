import type { TaskAction, TaskState } from '../airflow/model';

/**
 * What buttons and modals carry between Slack and the bot. A card button's `value` holds the task
 * instance's address (kept under Slack's 2000 characters) and is validated again when it comes
 * back: Slack signs the request, but the value is still input. Confirm and Cancel carry only a
 * preview id: the preview itself is stored by the bot.
 */

/** `action_id`s of the bot's buttons. */
export const ACTION_IDS = {
  viewLogs: 'ti_view_logs',
  fullLog: 'ti_full_log',
  markSuccess: 'ti_mark_success',
  markFailed: 'ti_mark_failed',
  clear: 'ti_clear',
  addNote: 'ti_add_note',
  /** The alert's Acknowledge: a click acknowledges, or takes back the clicker's own acknowledgement. */
  acknowledge: 'ti_acknowledge',
  refresh: 'ti_refresh',
  confirm: 'action_confirm',
  cancel: 'action_cancel',
  /** The card's overflow menu, whose one entry (Audit) shows the task instance's audit trail. */
  audit: 'ti_audit',
  /** The alert's Snooze menu; each option's value names the DAG and the choice (`snooze-values.ts`). */
  snooze: 'alert_snooze',
} as const;
export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

/**
 * The buttons to another try's log: Slack wants each `action_id` of a block to be unique, so each
 * try has its own (`ti_log_try_2`); the listener hands them on as View logs.
 */
export const LOG_TRY_ACTION_PATTERN = /^ti_log_try_\d+$/;

/** The `action_id` of the button to try `tryNumber`'s log. */
export function logTryActionId(tryNumber: number): string {
  return `ti_log_try_${tryNumber}`;
}

/** `callback_id` of the message shortcut "Look up in Airflow" (the Slack app manifest names it too). */
export const LOOKUP_SHORTCUT_CALLBACK_ID = 'airflow_lookup';

/** `action_id` of the App Home's button that opens the command builder. */
export const OPEN_BUILDER_ACTION_ID = 'open_builder';

/** `callback_id` of the Add note modal. */
export const NOTE_MODAL_CALLBACK_ID = 'ti_note_modal';

/** A task instance with its deployment: everything a button needs to find it again. */
export interface TaskInstanceAddress {
  deployment: string;
  dagId: string;
  runId: string;
  taskId: string;
  mapIndex: number;
  /** The try shown on the card, for View logs. */
  tryNumber?: number;
}

/**
 * A previewed mutation waiting for Confirm, as the bot stores it. `previewId` is all the buttons
 * carry; `expectedState`/`expectedTry` let the worker refuse a preview that Airflow has moved past.
 */
export interface PendingAction {
  previewId: string;
  target: TaskInstanceAddress;
  action: TaskAction;
  expectedState: TaskState | null;
  expectedTry: number;
}
