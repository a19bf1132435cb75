import type { AffectedTaskInstance } from '../../airflow/model';
import type { PendingAction } from '../../protocol/interaction-types';

/** How long a preview can be confirmed: long enough to read it, short enough that it still says what will happen. */
export const PREVIEW_VALID_MS = 15 * 60 * 1000;

/**
 * A preview as the bot showed it. Confirm applies exactly this (the button carries only its id),
 * and only once.
 */
export interface StoredPreview extends PendingAction {
  /** Slack user who asked for the preview. */
  requestedBy: string;
  /** Workspace the preview was shown in; a Confirm from another one is refused. */
  teamId?: string;
  /** What the dry run said would change, with each state before the change. */
  affected: AffectedTaskInstance[];
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds after which Confirm is refused. */
  validUntil: number;
}

/** What claiming a preview found. */
export type PreviewClaim =
  | { ok: true; preview: StoredPreview }
  | { ok: false; reason: 'unknown' | 'expired' | 'claimed'; preview?: StoredPreview };

export interface PreviewStore {
  /**
   * Stores a preview when it is shown.
   * @throws `BotError('unavailable')` when the store fails (the preview must then not be shown).
   */
  save(preview: StoredPreview): Promise<void>;
  /**
   * A stored preview, claimed or not; `undefined` when the bot never issued it (or it is long gone).
   * @throws `BotError('unavailable')` when the store fails.
   */
  get(previewId: string): Promise<StoredPreview | undefined>;
  /**
   * Claims a preview for Confirm or Cancel: succeeds once, only while it exists, has not expired and
   * was not claimed; every other claim says why it failed.
   * @throws `BotError('unavailable')` when the store fails.
   */
  claim(previewId: string, claim: { by: string; as: 'confirmed' | 'cancelled'; now: number }): Promise<PreviewClaim>;
}
