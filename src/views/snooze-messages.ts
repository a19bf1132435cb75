import type { Overflow } from '@slack/types';
import { ACTION_IDS } from '../protocol/interaction-types';
import { encodeSnoozeOption, SNOOZE_CHOICES, type SnoozeChoice } from '../protocol/snooze-values';
import { contextBlock, headerBlock, plainText, sectionBlock } from './blocks';
import { SECTION_TEXT_MAX } from './limits';
import type { SlackMessage } from './message';
import { inlineCode } from './mrkdwn-code';
import { escapeMrkdwn } from './mrkdwn-escape';
import { packLines } from './pack-lines';
import { actorMention } from './user-mention';

const CHOICE_LABELS: Record<SnoozeChoice, string> = {
  '1h': 'Snooze 1 hour',
  '4h': 'Snooze 4 hours',
  tomorrow: 'Snooze until tomorrow 9:00',
};

/**
 * The alert's Snooze menu: an hour, four hours, until 9:00 tomorrow (in the clicker's time zone).
 * `undefined` when the ids do not fit in an option's 150 characters (`/airflow snooze` still works).
 */
export function snoozeMenu(deployment: string, dagId: string): Overflow | undefined {
  const options = [];
  for (const choice of SNOOZE_CHOICES) {
    const value = encodeSnoozeOption({ deployment, dagId, choice });
    if (value === undefined) return undefined;
    options.push({ text: plainText(CHOICE_LABELS[choice]), value });
  }
  return { type: 'overflow', action_id: ACTION_IDS.snooze, options };
}

/** A snooze as the messages show it; `until` already written for the reader (`describeSnoozeEnd`). */
export interface SnoozeView {
  deploymentDisplay: string;
  dagId: string;
  until: string;
  /** Who set it (`U…`). */
  by: string;
  /** Runs held back so far. */
  held: number;
}

/** "😴 <@U1> snoozed etl_daily's alerts in Production until 13:00 (Europe/Paris)." */
export function snoozedText(snooze: Omit<SnoozeView, 'held'>): string {
  return `:zzz: ${actorMention(snooze.by)} snoozed the alerts of ${inlineCode(snooze.dagId, 300)} in ${escapeMrkdwn(snooze.deploymentDisplay, 200)} until ${escapeMrkdwn(snooze.until, 100)}. New failing runs post no alert and mention no one until then; they are counted here.`;
}

/** The answer to an unsnooze. */
export function unsnoozedText(input: { userId: string; deploymentDisplay: string; dagId: string; held: number }): string {
  const held = input.held === 0 ? '' : ` ${heldCount(input.held)} held back while it was snoozed.`;
  return `:alarm_clock: ${actorMention(input.userId)} ended the snooze of ${inlineCode(input.dagId, 300)} in ${escapeMrkdwn(input.deploymentDisplay, 200)}: its failures alert again.${held}`;
}

/** The snoozed alert's thread line that counts what the snooze holds back, edited as it grows. */
export function heldBackLine(count: number, latestRunId: string | undefined): string {
  const latest = latestRunId === undefined ? '' : ` (latest: run ${inlineCode(latestRunId, 300)})`;
  return `:zzz: ${count} more failure${count === 1 ? '' : 's'} while snoozed${latest}.`;
}

function heldCount(count: number): string {
  return `${count} failing run${count === 1 ? ' was' : 's were'}`;
}

/** The answer to `/airflow snoozes`: every snooze that holds, soonest to end first. */
export function snoozesList(snoozes: readonly SnoozeView[], slashCommand: string): SlackMessage {
  if (snoozes.length === 0) {
    return { text: 'No DAG is snoozed.', blocks: [sectionBlock('No DAG is snoozed in the deployments you may read.')] };
  }
  const lines = snoozes.map(
    (snooze) =>
      `:zzz: ${inlineCode(snooze.dagId, 300)} in ${escapeMrkdwn(snooze.deploymentDisplay, 200)} until ${escapeMrkdwn(snooze.until, 100)}, by ${actorMention(snooze.by)} · ${snooze.held} held back`,
  );
  const sections = packLines(lines, SECTION_TEXT_MAX).slice(0, 45);
  return {
    text: `${snoozes.length} snoozed DAG${snoozes.length === 1 ? '' : 's'}`,
    blocks: [
      headerBlock(`Snoozed DAGs (${snoozes.length})`),
      ...sections.map(sectionBlock),
      contextBlock(`End one early with \`${escapeMrkdwn(slashCommand, 50)} unsnooze <deployment> <dag_id>\`.`),
    ],
  };
}
