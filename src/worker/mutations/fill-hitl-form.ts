import type { View } from '@slack/types';
import { hitlRespondentRefusal } from '../../changes/permissions';
import { asBotError, BotError } from '../../errors';
import { taskInstanceUiUrl } from '../../links/airflow-ui';
import { HITL_FORM_METADATA_MAX_LENGTH, type HitlFormMetadata } from '../../protocol/hitl-form-metadata';
import type { WorkerJob } from '../../protocol/job';
import { hitlFormModal, hitlParamSpecs } from '../../views/hitl-form';
import { hitlNoticeModal } from '../../views/hitl-notices';
import { mayAct } from '../resolve-target';
import type { WorkerDeps } from '../worker-deps';
import { readHitl } from './answer-hitl';

/**
 * Fills the modal the Slack-facing function opened on a request's Answer button (a loading modal,
 * opened within the click's 3 seconds): the form with its signed metadata, or, when there is
 * nothing to fill in, why (answered, replaced, not theirs to answer, too large for Slack). The
 * permission is checked again when the answer is sent; this only spares a form that would be refused.
 */
export async function fillHitlForm(job: Extract<WorkerJob, { kind: 'hitl_form' }>, deps: WorkerDeps): Promise<void> {
  const { surfaces, hitlFormMetadata } = deps;
  if (surfaces === undefined || hitlFormMetadata === undefined) {
    throw new BotError('config', 'The worker has no Slack views client or form signer, so it cannot fill in the answer form.');
  }
  let view: View;
  try {
    view = await formFor(job, deps, hitlFormMetadata);
  } catch (error) {
    const botError = asBotError(error);
    deps.logger.warn({ err: botError.cause ?? botError, kind: botError.kind }, 'the answer form could not be filled in');
    view = hitlNoticeModal(botError.kind === 'config' || botError.kind === 'credentials' ? 'The bot is not set up right for this deployment. Its operators will find the details in its logs.' : botError.userMessage);
  }
  await surfaces.updateView(job.viewId, view);
}

async function formFor(job: Extract<WorkerJob, { kind: 'hitl_form' }>, deps: WorkerDeps, signer: NonNullable<WorkerDeps['hitlFormMetadata']>): Promise<View> {
  const ctx = job.slack;
  const { deployment, request, dialect } = await readHitl(deps, job.request, ctx);
  const uiUrl = taskInstanceUiUrl(deployment.uiUrl, dialect, request.ref);
  const inAirflow = { url: uiUrl, label: 'Open in Airflow' };
  if (request.createdAt !== job.request.createdAt) {
    return hitlNoticeModal(`This request was replaced by a newer one (the task was tried again). \`${deps.slashCommand} pending\` shows the current one.`, inAirflow);
  }
  if (request.response !== null) {
    const by = request.response.by?.name ?? 'nobody (it timed out and took its defaults)';
    return hitlNoticeModal(`This request was already answered by ${by}: ${request.response.chosenOptions.join(', ')}.`, inAirflow);
  }
  if (!(await mayAct(deps, deployment, ctx))) {
    return hitlNoticeModal(`You may not answer requests of ${deployment.displayName} from Slack (only its actors may).`);
  }
  const refusal = hitlRespondentRefusal(deployment, ctx.userId, request);
  if (refusal !== undefined) return hitlNoticeModal(refusal.message, inAirflow);
  if (ctx.teamId === undefined) throw new BotError('invalid', 'Slack did not say which workspace this click came from, so no form can be opened for it.');
  const metadata: HitlFormMetadata = {
    request: job.request,
    options: request.options,
    multiple: request.multiple,
    specs: hitlParamSpecs(request.params),
    card: {
      ...(ctx.channelId === undefined ? {} : { channelId: ctx.channelId }),
      ...(ctx.messageTs === undefined ? {} : { messageTs: ctx.messageTs }),
      ...(ctx.responseUrl === undefined ? {} : { responseUrl: ctx.responseUrl }),
      isEphemeral: ctx.isEphemeral,
    },
    openedBy: ctx.userId,
    teamId: ctx.teamId,
  };
  const codec = await signer();
  let privateMetadata: string;
  try {
    privateMetadata = codec.encode(metadata);
  } catch {
    // More than 100 options or enum values, or a param's name or title over 250 characters.
    privateMetadata = '';
  }
  if (privateMetadata === '' || privateMetadata.length > HITL_FORM_METADATA_MAX_LENGTH) {
    return hitlNoticeModal('This request has too many options or params to answer from Slack. Answer it in Airflow.', inAirflow);
  }
  return hitlFormModal({ deployment, request, privateMetadata });
}
