import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny bot on 127.0.0.1 that answers like the real one, in outline: it checks Slack's signature
 * itself (an HMAC computed here, independent of the code under test), acknowledges at once, and
 * answers later through the response_url or the stand-in's Web API.
 */
export class FakeBot {
  /** What the bot received, after the signature check. */
  readonly received: Record<string, unknown>[] = [];
  /** When true, slash commands get only the "working…" reply. */
  silent = false;
  private server: Server | undefined;
  private pending: Promise<unknown>[] = [];

  constructor(
    private readonly signingSecret: string,
    private readonly slackApiUrl: string,
    private readonly botToken: string,
  ) {}

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}/slack/events`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void readText(request).then((body) => {
        if (!this.signatureIsValid(request, body)) {
          response.writeHead(401).end();
          return;
        }
        const form = new URLSearchParams(body);
        const payloadText = form.get('payload');
        const received = payloadText === null ? Object.fromEntries(form) : (JSON.parse(payloadText) as Record<string, unknown>);
        this.received.push(received);
        const { ack, later } = this.answer(received);
        if (ack === undefined) response.writeHead(200).end();
        else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ack));
        if (later) this.pending.push(later().catch((error: unknown) => error));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.pending);
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  private signatureIsValid(request: IncomingMessage, body: string): boolean {
    const timestamp = request.headers['x-slack-request-timestamp'];
    const signature = request.headers['x-slack-signature'];
    if (typeof timestamp !== 'string' || typeof signature !== 'string') return false;
    const expected = `v0=${createHmac('sha256', this.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    return expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
  }

  private answer(received: Record<string, unknown>): { ack?: unknown; later?: () => Promise<unknown> } {
    if (typeof received.command === 'string') {
      const working = { response_type: 'ephemeral', text: ':hourglass_flowing_sand: Looking up etl_daily / transform…' };
      if (this.silent) return { ack: working };
      return { ack: working, later: () => postJson(String(received.response_url), { replace_original: true, ...CARD }) };
    }
    if (received.type === 'view_submission') {
      const view = received.view as { state: { values: Record<string, Record<string, { value: string }>> } };
      const note = Object.values(Object.values(view.state.values)[0]!)[0]!.value;
      return { later: () => this.callWebApi('chat.postMessage', { channel: 'CDEMO00001', text: `alice added a note: ${note}` }) };
    }
    const action = (received.actions as { action_id: string }[])[0]!.action_id;
    const responseUrl = String(received.response_url);
    const user = (received.user as { id: string }).id;
    switch (action) {
      case 'ti_acknowledge': {
        const ts = (received.container as { message_ts: string }).message_ts;
        return { later: () => this.callWebApi('chat.update', { channel: 'CDEMO00001', ts, text: `etl_daily failed · acknowledged by <@${user}>` }) };
      }
      case 'alert_snooze': {
        const chosen = (received.actions as { selected_option: { value: string } }[])[0]!.selected_option.value;
        return { later: () => postJson(responseUrl, { response_type: 'ephemeral', text: `Snoozed (${chosen}).` }) };
      }
      case 'ti_mark_success':
        return { later: () => postJson(responseUrl, { replace_original: true, ...PREVIEW }) };
      case 'action_confirm':
        return { later: () => postJson(responseUrl, { replace_original: true, text: 'Marked transform success.' }) };
      case 'ti_add_note':
        return { later: () => this.callWebApi('views.open', { trigger_id: received.trigger_id, view: NOTE_MODAL }) };
      default:
        return {};
    }
  }

  private callWebApi(method: string, body: unknown): Promise<unknown> {
    return fetch(`${this.slackApiUrl}${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
    }).then((r) => r.json());
  }
}

const button = (actionId: string, text: string) => ({ type: 'button', action_id: actionId, text: { type: 'plain_text', text }, value: '{"v":1}' });

export const CARD = {
  text: 'transform failed',
  blocks: [
    { type: 'header', text: { type: 'plain_text', text: 'transform failed' } },
    { type: 'section', text: { type: 'mrkdwn', text: '*failed* on try 2 of 3' } },
    { type: 'actions', elements: [button('ti_view_logs', 'View logs'), button('ti_mark_success', 'Mark success'), button('ti_add_note', 'Add note')] },
  ],
};

/** An alert as the watcher posts it: an Acknowledge button and a Snooze menu. */
export const ALERT = {
  text: 'etl_daily failed',
  blocks: [
    { type: 'section', text: { type: 'mrkdwn', text: '*etl_daily* failed' } },
    {
      type: 'actions',
      block_id: 'alert_actions',
      elements: [
        button('ti_acknowledge', 'Acknowledge'),
        {
          type: 'overflow',
          action_id: 'alert_snooze',
          options: [
            { text: { type: 'plain_text', text: 'Snooze 1 hour' }, value: '{"d":"etl_daily","c":"1h"}' },
            { text: { type: 'plain_text', text: 'Snooze 4 hours' }, value: '{"d":"etl_daily","c":"4h"}' },
          ],
        },
      ],
    },
  ],
};

const PREVIEW = {
  text: 'Mark transform success?',
  blocks: [
    { type: 'section', text: { type: 'mrkdwn', text: 'Mark *transform* success? 1 task instance changes.' } },
    { type: 'actions', elements: [button('action_confirm', 'Confirm'), button('action_cancel', 'Cancel')] },
  ],
};

const NOTE_MODAL = {
  type: 'modal',
  callback_id: 'ti_note_modal',
  private_metadata: '{"t":"transform"}',
  title: { type: 'plain_text', text: 'Add note' },
  submit: { type: 'plain_text', text: 'Save' },
  blocks: [{ type: 'input', block_id: 'ti_note', label: { type: 'plain_text', text: 'Note' }, element: { type: 'plain_text_input', action_id: 'ti_note_text' } }],
};

function postJson(url: string, body: unknown): Promise<unknown> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.text());
}

async function readText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
