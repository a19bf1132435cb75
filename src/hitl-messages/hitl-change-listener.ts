import type { WebClient } from '@slack/web-api';
import type { ChangeListener } from '../changes/change';
import { systemClock, type Clock } from '../clock';
import type { DeploymentRegistry } from '../config/types';
import { taskInstanceUiUrl } from '../links/airflow-ui';
import { hitlAnswerSummary, hitlMessage } from '../views/hitl-message';
import type { HitlKey, HitlMessageStore, SlackAnswer } from './hitl-message-store';

export interface HitlChangeListenerDeps {
  store: HitlMessageStore;
  /** Where the deployment's name and UI address come from. */
  registry: Pick<DeploymentRegistry, 'deployments'>;
  /** The bot's Web API client (edits the request's message, posts the thread line). */
  web: () => Promise<WebClient>;
  clock?: Clock;
}

/**
 * Told of every applied change; acts on an answer to a human-in-the-loop request given by a Slack
 * user: records who answered (Airflow records the bot's own user), edits the request's message to
 * "answered in Slack" (rebuilt from the request the store kept when it was posted), and says in its
 * thread what was chosen and by whom: `✅ Approve — <@U1> from Slack`. Other changes, and answers
 * to requests the bot never posted, only leave the record. Failures are the change service's to log.
 *
 * @example
 * const listeners = [alertChangeListener(alertDeps), hitlChangeListener({ store, registry, web })]; // by src/runtime
 */
export function hitlChangeListener(deps: HitlChangeListenerDeps): ChangeListener {
  const clock = deps.clock ?? systemClock;
  return async (applied) => {
    const { change } = applied;
    if (change.kind !== 'answer' || applied.actor.kind !== 'slack') return;
    const { actor } = applied;
    const key: HitlKey = { deployment: applied.deployment, ref: applied.target, createdAt: change.createdAt };
    const answer: SlackAnswer = {
      userId: actor.userId,
      ...(actor.userName === undefined ? {} : { userName: actor.userName }),
      at: new Date(clock()).toISOString(),
      chosenOptions: [...change.chosenOptions],
      paramsInput: { ...change.paramsInput },
    };
    await deps.store.recordSlackAnswer(key, answer);
    const record = await deps.store.get(key);
    const deployment = deps.registry.deployments.find((candidate) => candidate.name === applied.deployment);
    if (record?.message === undefined || record.request === undefined || deployment === undefined) return;
    // The answer recorded first is the one shown.
    const shown = record.slackAnswer ?? answer;
    const { channel, ts } = record.message;
    const web = await deps.web();
    const message = hitlMessage({
      deployment,
      request: record.request,
      uiUrl: taskInstanceUiUrl(deployment.uiUrl, 'v2', record.request.ref),
      state: { kind: 'answered_in_slack', userId: shown.userId, at: shown.at, chosenOptions: shown.chosenOptions, paramsInput: shown.paramsInput },
    });
    await web.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
    await web.chat.postMessage({
      channel,
      thread_ts: ts,
      text: `${hitlAnswerSummary(shown.chosenOptions, shown.paramsInput)} — <@${shown.userId}> from Slack`,
      unfurl_links: false,
    });
  };
}
