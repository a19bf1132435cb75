import type { KnownBlock } from '@slack/types';
import { contextBlock, headerBlock, sectionBlock } from './blocks';
import { MESSAGE_BLOCKS_MAX, SECTION_TEXT_MAX } from './limits';
import type { SlackMessage } from './message';
import { inlineCode } from './mrkdwn-code';
import { escapeMrkdwn } from './mrkdwn-escape';
import { packLinesCounted } from './pack-lines';

/** One deployment and whether it answered just now. */
export interface DeploymentStatus {
  name: string;
  displayName: string;
  /** Airflow's version, when it answered. */
  version?: string;
  reachable: boolean;
  /** Why it did not answer (a `BotError.userMessage`). */
  error?: string;
}

/** Header, plus one for "…and M more". */
const SECTIONS_MAX = MESSAGE_BLOCKS_MAX - 2;

/**
 * `deployments`: each deployment the user may read, its Airflow version, and whether it answers.
 *
 * @example
 * deploymentsList({ deployments: [{ name: 'prod', displayName: 'Production', version: '3.1.0', reachable: true }] })
 */
export function deploymentsList(input: { deployments: readonly DeploymentStatus[] }): SlackMessage {
  const entries = input.deployments.map(deploymentEntry);
  const packed = packLinesCounted(entries, SECTION_TEXT_MAX);
  const shown = packed.slice(0, SECTIONS_MAX);
  const blocks: KnownBlock[] = [headerBlock('Airflow deployments')];
  if (entries.length === 0) blocks.push(sectionBlock('No deployments you may read are configured.'));
  blocks.push(...shown.map((packedText) => sectionBlock(packedText.text)));
  const shownCount = shown.reduce((sum, packedText) => sum + packedText.lineCount, 0);
  if (shownCount < entries.length) blocks.push(contextBlock(`…and ${entries.length - shownCount} more`));
  const down = input.deployments.filter((d) => !d.reachable).length;
  const count = `${input.deployments.length} deployment${input.deployments.length === 1 ? '' : 's'}`;
  return { text: down === 0 ? `${count}, all reachable` : `${count}, ${down} unreachable`, blocks };
}

function deploymentEntry(deployment: DeploymentStatus): string {
  const name = `*${escapeMrkdwn(deployment.displayName, 200)}* ${inlineCode(deployment.name, 120)}`;
  if (deployment.reachable) {
    const version = deployment.version === undefined ? '' : ` · Airflow ${escapeMrkdwn(deployment.version, 40)}`;
    return `:large_green_circle: ${name}${version}`;
  }
  const why = deployment.error === undefined ? '' : `: ${escapeMrkdwn(deployment.error, 400)}`;
  return `:red_circle: ${name} · unreachable${why}`;
}
