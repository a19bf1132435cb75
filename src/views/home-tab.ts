import type { HomeView, KnownBlock } from '@slack/types';
import type { OpenAlert } from '../alert-log/open-alerts';
import type { AuditRecord } from '../audit/audit-trail';
import { OPEN_BUILDER_ACTION_ID } from '../protocol/interaction-types';
import { OUTCOME_EMOJI } from './audit-history';
import { actionsBlock, button, contextBlock, headerBlock, sectionBlock } from './blocks';
import { deploymentEntry, type DeploymentStatus } from './deployments-list';
import { formatClockTime, formatTimestamp } from './format-time';
import { SECTION_TEXT_MAX } from './limits';
import { inlineCode } from './mrkdwn-code';
import { escapeMrkdwn } from './mrkdwn-escape';
import { packLinesCounted } from './pack-lines';

export interface HomeTabInput {
  /** The slash command as configured, for the hint line. */
  slashCommand: string;
  /** The deployments the user may read, as they answered just now. */
  deployments: readonly DeploymentStatus[];
  /** Open alerts of those deployments, oldest first; `undefined`: the bot keeps no alerts. */
  openAlerts?: readonly OpenAlert[];
  /** The user's latest audit records, newest first; `undefined`: the trail could not be read. */
  actions?: readonly AuditRecord[];
  /** When the tab was built (milliseconds). */
  now: number;
}

/** `block_id` of the builder button's row. */
export const HOME_BUILDER_BLOCK_ID = 'home_builder';
/** Each list gets at most this many sections: three lists stay far inside a Home tab's 100 blocks. */
const LIST_SECTIONS_MAX = 10;

/**
 * The App Home: a button that opens the command builder, the deployments the user may read with
 * their health, their open alerts, and the user's own latest actions from the audit trail. It
 * carries no button that changes anything: acting happens on a card, where each click is checked.
 *
 * @example
 * await client.views.publish({ user_id, view: homeTab({ slashCommand: '/airflow', deployments, openAlerts, actions, now: Date.now() }) })
 */
export function homeTab(input: HomeTabInput): HomeView {
  const blocks: KnownBlock[] = [
    headerBlock('Airflow'),
    actionsBlock([button({ actionId: OPEN_BUILDER_ACTION_ID, text: 'Open the command builder', style: 'primary' })], HOME_BUILDER_BLOCK_ID),
    contextBlock(`Or type ${inlineCode(`${input.slashCommand} help`, 100)} in any channel. Paste an Airflow link to see its card.`),
    { type: 'divider' },
    headerBlock('Deployments'),
    ...list(input.deployments.map(deploymentEntry), 'No deployments you may read are configured.'),
    { type: 'divider' },
    headerBlock('Open alerts'),
    ...(input.openAlerts === undefined
      ? [sectionBlock('This bot keeps no alerts.')]
      : list(input.openAlerts.map(alertLine), 'No open alerts in the deployments you may read.')),
    { type: 'divider' },
    headerBlock('Your last actions'),
    ...(input.actions === undefined
      ? [sectionBlock(':warning: The audit trail could not be read just now. Open this tab again in a moment.')]
      : list(input.actions.map(actionLine), 'Nothing yet: your looks and changes from Slack are listed here.')),
    contextBlock(`Updated ${formatClockTime(input.now)}`),
  ];
  return { type: 'home', blocks };
}

function list(lines: readonly string[], empty: string): KnownBlock[] {
  if (lines.length === 0) return [sectionBlock(empty)];
  const packed = packLinesCounted(lines, SECTION_TEXT_MAX);
  const shown = packed.slice(0, LIST_SECTIONS_MAX);
  const shownCount = shown.reduce((sum, section) => sum + section.lineCount, 0);
  const blocks: KnownBlock[] = shown.map((section) => sectionBlock(section.text));
  if (shownCount < lines.length) blocks.push(contextBlock(`…and ${lines.length - shownCount} more`));
  return blocks;
}

function alertLine(alert: OpenAlert): string {
  const failing = alert.failing === 1 ? '1 task failing' : `${alert.failing} tasks failing`;
  const acknowledged = alert.acknowledged ? ' · acknowledged' : '';
  return (
    `:red_circle: *${escapeMrkdwn(alert.deploymentDisplay, 200)}* ${inlineCode(alert.dagId, 250)} / ${inlineCode(alert.runId, 250)}` +
    ` · ${failing} · since ${formatTimestamp(new Date(alert.createdAt).toISOString())} · ${channelRef(alert.channel)}${acknowledged}`
  );
}

function actionLine(record: AuditRecord): string {
  const target =
    typeof record.target === 'string'
      ? inlineCode(record.target, 250)
      : `${inlineCode(record.target.taskId, 250)} in ${inlineCode(record.target.dagId, 250)} / ${inlineCode(record.target.runId, 250)}`;
  const reason = record.reason === undefined ? '' : ` — ${escapeMrkdwn(record.reason, 200)}`;
  return (
    `${OUTCOME_EMOJI[record.outcome]} ${formatTimestamp(record.at)} *${escapeMrkdwn(record.action, 40)}* ${target}` +
    ` (${escapeMrkdwn(record.deployment, 100)}) ${record.outcome}${reason}`
  );
}

/** The channel the alert was posted in, as a link; anything but a channel id is shown as text. */
function channelRef(channel: string): string {
  return /^[CG][A-Z0-9]{2,40}$/.test(channel) ? `<#${channel}>` : inlineCode(channel, 50);
}
