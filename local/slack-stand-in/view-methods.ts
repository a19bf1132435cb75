import { CALLBACK_ID_MAX, MODAL_BUTTON_TEXT_MAX, MODAL_PRIVATE_METADATA_MAX, MODAL_TITLE_MAX } from '../../src/views/limits';
import { checkBlockKit } from './slack-rules';
import type { SlackView, StandInView } from './types';
import { optionalString, requiredObject, requiredString, WebApiError, type WebApiContext, type WebApiMethod } from './web-api-context';

/** Slack's limit on a view's `external_id`. */
const EXTERNAL_ID_MAX = 255;

/** Checks what Slack would refuse in a modal and turns it into the view Slack answers with. */
function modalView(input: Record<string, unknown>, ctx: WebApiContext, ids: { id: string; root: string; previous: string | null }): SlackView {
  const problem = (line: string) => new WebApiError('invalid_arguments', [line]);
  if (input.type !== 'modal') throw problem('[ERROR] view type must be modal [json-pointer:/view/type]');
  if (typeof input.title !== 'object' || input.title === null) throw problem('[ERROR] missing required field: title [json-pointer:/view]');
  const button = (name: string, max: number): void => {
    const value = input[name];
    if (value === undefined) return;
    const text = typeof value === 'object' && value !== null ? (value as { text?: unknown }).text : undefined;
    if (typeof text !== 'string' || text === '') throw problem(`[ERROR] must be a plain_text object with text [json-pointer:/view/${name}]`);
    if (text.length > max) throw problem(`[ERROR] must be less than ${max + 1} characters [json-pointer:/view/${name}/text]`);
  };
  button('title', MODAL_TITLE_MAX);
  button('submit', MODAL_BUTTON_TEXT_MAX);
  button('close', MODAL_BUTTON_TEXT_MAX);
  const blocks = checkBlockKit(input.blocks ?? [], 'modal');
  if (input.submit === undefined && blocks.some((block) => (block as { type: string }).type === 'input')) {
    throw problem('[ERROR] must provide a submit property when using input blocks [json-pointer:/view]');
  }
  const text = (name: string, max: number): string => {
    const value = input[name] ?? '';
    if (typeof value !== 'string') throw problem(`[ERROR] must be a string [json-pointer:/view/${name}]`);
    if (value.length > max) throw problem(`[ERROR] must be less than ${max + 1} characters [json-pointer:/view/${name}]`);
    return value;
  };
  const view: SlackView = {
    id: ids.id,
    team_id: ctx.directory.team.id,
    type: 'modal',
    callback_id: text('callback_id', CALLBACK_ID_MAX),
    private_metadata: text('private_metadata', MODAL_PRIVATE_METADATA_MAX),
    external_id: text('external_id', EXTERNAL_ID_MAX),
    blocks,
    title: input.title,
    state: { values: {} },
    hash: ctx.ids.viewHash(),
    root_view_id: ids.root,
    previous_view_id: ids.previous,
    app_id: ctx.directory.appId,
    bot_id: ctx.directory.bot.botId,
  };
  if (input.submit !== undefined) view.submit = input.submit;
  if (input.close !== undefined) view.close = input.close;
  return view;
}

/**
 * `views.open`: a new modal, which Slack allows only with a `trigger_id` the stand-in handed out
 * with an interaction, used once, within 3 seconds.
 */
export const open: WebApiMethod = (args, ctx) => {
  const triggerId = requiredString(args, 'trigger_id');
  const input = requiredObject(args, 'view');
  return ctx.triggerIds.exchange(triggerId, () => {
    const id = ctx.ids.viewId();
    const view = modalView(input, ctx, { id, root: id, previous: null });
    ctx.state.putView({ view, openedWith: 'views.open', triggerId, updatedSeq: ctx.seq });
    return { view };
  });
};

/** `views.push`: a modal on top of the newest one, with a fresh `trigger_id` as for `views.open`. */
export const push: WebApiMethod = (args, ctx) => {
  const triggerId = requiredString(args, 'trigger_id');
  const input = requiredObject(args, 'view');
  return ctx.triggerIds.exchange(triggerId, () => {
    const below = ctx.state.views.at(-1);
    if (below === undefined) throw new WebApiError('not_found');
    const id = ctx.ids.viewId();
    const view = modalView(input, ctx, { id, root: below.view.root_view_id, previous: below.view.id });
    ctx.state.putView({ view, openedWith: 'views.push', triggerId, updatedSeq: ctx.seq });
    return { view };
  });
};

/** `views.update`: replaces a view found by `view_id` or `external_id`; a stale `hash` is a `hash_conflict`. */
export const update: WebApiMethod = (args, ctx) => {
  const viewId = optionalString(args, 'view_id');
  const externalId = optionalString(args, 'external_id');
  if (viewId === undefined && externalId === undefined) {
    throw new WebApiError('invalid_arguments', ['[ERROR] one of view_id or external_id is required']);
  }
  const existing: StandInView | undefined =
    viewId !== undefined ? ctx.state.view(viewId) : ctx.state.views.find((v) => v.view.external_id === externalId);
  if (existing === undefined) throw new WebApiError('not_found');
  const hash = optionalString(args, 'hash');
  if (hash !== undefined && hash !== existing.view.hash) throw new WebApiError('hash_conflict');
  const view = modalView(requiredObject(args, 'view'), ctx, {
    id: existing.view.id,
    root: existing.view.root_view_id,
    previous: existing.view.previous_view_id,
  });
  ctx.state.putView({ ...existing, view, updatedSeq: ctx.seq });
  return { view };
};
