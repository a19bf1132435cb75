import { mayHaveBeenApplied } from '../../airflow/change-outcome';
import { speaksAirflow3 } from '../../airflow/dialect-detection';
import type { HitlRequest, HitlResponse } from '../../airflow/model';
import { applyChange } from '../../changes/apply-change';
import { hitlRespondentRefusal } from '../../changes/permissions';
import { addressOf, type DeploymentAccess } from '../../changes/target';
import { BotError } from '../../errors';
import type { HitlKey, HitlMessageRecord } from '../../hitl-messages/hitl-message-store';
import { taskInstanceUiUrl } from '../../links/airflow-ui';
import type { HitlRequestAddress } from '../../protocol/hitl-values';
import type { SlackRequestContext, WorkerJob } from '../../protocol/job';
import { sectionBlock } from '../../views/blocks';
import { errorMessage } from '../../views/error-message';
import { hitlAnswerSummary, hitlMessage, type HitlState } from '../../views/hitl-message';
import { alreadyAnsweredText } from '../../views/hitl-notices';
import { escapeMrkdwn } from '../../views/mrkdwn-escape';
import { mayAct, resolveDeployment, slackActor } from '../resolve-target';
import type { WorkerDeps } from '../worker-deps';

/** A deployment that speaks Airflow 3's API, and its request as Airflow has it now. */
export interface ReadHitl extends DeploymentAccess {
  request: HitlRequest;
  dialect: 'v2';
}

/**
 * The deployment of a request (it must speak Airflow 3's API: Airflow 2 has no such requests) and
 * the request as Airflow has it now.
 *
 * @throws `BotError('not_found')` for an unknown deployment or a task instance with no request;
 *   `BotError('usage')` for an Airflow 2 deployment.
 */
export async function readHitl(deps: WorkerDeps, address: HitlRequestAddress, ctx: SlackRequestContext): Promise<ReadHitl> {
  const access = resolveDeployment(deps, address.address.deployment, ctx);
  if (!(await speaksAirflow3(access.deployment, access.client))) {
    throw new BotError('usage', `${access.deployment.displayName} runs Airflow 2, which has no human-in-the-loop requests. Nothing was sent.`);
  }
  const { dagId, runId, taskId, mapIndex } = address.address;
  const request = await access.client.getHitl({ dagId, runId, taskId, mapIndex });
  return { ...access, request, dialect: 'v2' };
}

/**
 * Answers a human-in-the-loop request from Slack (an option button, Submit under ticked options,
 * or the form) through the change service: actors only, assigned users through the registry's
 * `airflowUsers`, once per Slack request, one answer at a time per request, recorded before it is
 * sent. The change listener edits the request's message; this tells the clicker what only they need
 * to know: that it was already answered (and then the clicked message shows by whom), that it was
 * replaced, that it may have been applied, or, from the ephemeral `/airflow pending` list, that it
 * was done.
 */
export async function answerHitlRequest(job: Extract<WorkerJob, { kind: 'hitl_answer' }>, deps: WorkerDeps): Promise<void> {
  const ctx = job.slack;
  const read = await readHitl(deps, job.request, ctx);
  const { deployment, client, request } = read;
  const ref = request.ref;
  // The buttons carry indexes; the change names the options (checked again against the request under its lease).
  const chosenOptions = job.chosen.map((index) => request.options[index]);
  if (chosenOptions.some((option) => option === undefined)) {
    throw new BotError('invalid', 'This button names an option the request does not have. Nothing was sent: run `/airflow pending` for a fresh one.');
  }
  const target = addressOf(deployment.name, ref);
  const change = { kind: 'answer' as const, createdAt: job.request.createdAt, chosenOptions: chosenOptions as string[], paramsInput: job.paramsInput };
  // Only for a click the service will let through: a refused one must not leave a record behind
  // (it would keep the watcher from posting the request, and its change listener from editing it).
  if ((await mayAct(deps, deployment, ctx)) && hitlRespondentRefusal(deployment, ctx.userId, request) === undefined) {
    await markAnswering(deps, { deployment: deployment.name, ref, createdAt: job.request.createdAt });
  }
  const { outcome, replayed } = await applyChange(deps, {
    actor: slackActor(ctx),
    deployment,
    client,
    change,
    asked: target,
    locate: async () => ref,
    guard: { kind: 'key', key: `slack:hitl:${job.requestId}`, payload: { target, change } },
    requestId: job.requestId,
  });
  if (replayed) {
    deps.logger.warn({ requestId: job.requestId }, 'answer delivered twice; sent once');
    return;
  }
  switch (outcome.status) {
    case 'applied':
      // The listener edits the posted message; an ephemeral list is the clicker's alone to update.
      if (ctx.isEphemeral) {
        const text = `You answered ${escapeMrkdwn(request.subject)} (${escapeMrkdwn(ref.taskId)} in ${escapeMrkdwn(deployment.displayName)}): ${hitlAnswerSummary(change.chosenOptions, change.paramsInput)}`;
        await deps.replies.reply(ctx, { text, blocks: [sectionBlock(text)] }, { replaceOriginal: false });
      }
      return;
    case 'answered_already':
      await showAnsweredAlready(deps, read, outcome.response, ctx);
      return;
    case 'stale':
      await deps.replies.reply(
        ctx,
        errorMessage(`This request was replaced by a newer one (the task was tried again). Nothing was sent: \`${deps.slashCommand} pending\` shows the current one.`),
        { replaceOriginal: false },
      );
      return;
    case 'uncertain':
      await deps.replies.reply(ctx, errorMessage(mayHaveBeenApplied(outcome.message)), { replaceOriginal: false });
      return;
    case 'moved':
    case 'note_full':
      // An answer is never compared with a preview nor written into a note.
      return;
  }
}

/**
 * The clicked message is shown as answered (by the Slack user who answered through the bot, or as
 * Airflow tells it), and the clicker is told by whom, what and when. A click on an ephemeral list
 * leaves the list (it holds other requests) and only tells.
 */
async function showAnsweredAlready(deps: WorkerDeps, read: ReadHitl, response: HitlResponse, ctx: SlackRequestContext): Promise<void> {
  const { deployment, request } = read;
  const record = await recordOf(deps, deployment.name, request);
  const slackAnswer = record?.slackAnswer;
  const state: HitlState =
    slackAnswer === undefined
      ? { kind: 'answered_in_airflow', by: response.by, at: response.at, chosenOptions: response.chosenOptions, paramsInput: response.paramsInput }
      : { kind: 'answered_in_slack', userId: slackAnswer.userId, at: slackAnswer.at, chosenOptions: slackAnswer.chosenOptions, paramsInput: slackAnswer.paramsInput };
  if (!ctx.isEphemeral) {
    const answered: HitlRequest = { ...request, response };
    const uiUrl = taskInstanceUiUrl(deployment.uiUrl, read.dialect, request.ref);
    await deps.replies.reply(ctx, hitlMessage({ deployment, request: answered, uiUrl, state }), { replaceOriginal: true });
  }
  const text =
    slackAnswer === undefined
      ? alreadyAnsweredText({ kind: 'airflow', name: response.by?.name ?? null }, response)
      : alreadyAnsweredText({ kind: 'slack', userId: slackAnswer.userId }, { ...response, at: slackAnswer.at, chosenOptions: slackAnswer.chosenOptions });
  await deps.replies.reply(ctx, { text, blocks: [sectionBlock(text)] }, { replaceOriginal: false });
}

/** The bot's record of the request; a store that fails only costs the Slack user's name. */
async function recordOf(deps: WorkerDeps, deployment: string, request: HitlRequest): Promise<HitlMessageRecord | undefined> {
  try {
    return await deps.hitlMessages?.get({ deployment, ref: request.ref, createdAt: request.createdAt });
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not read the human-in-the-loop message store');
    return undefined;
  }
}

/**
 * Tells the watcher an answer is on its way, before it is sent: Airflow will name the bot's own user
 * as who answered, and the watcher must not show that before the change listener names the Slack
 * user. A store that cannot take the mark costs only that: the answer goes ahead.
 */
async function markAnswering(deps: WorkerDeps, key: HitlKey): Promise<void> {
  try {
    await deps.hitlMessages?.markAnswering(key, new Date(deps.clock()).toISOString());
  } catch (error) {
    deps.logger.warn({ err: error, deployment: key.deployment }, 'could not note that a human-in-the-loop answer is on its way');
  }
}
