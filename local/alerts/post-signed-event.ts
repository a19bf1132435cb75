import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export interface SignedPostResult {
  status: number;
  body: string;
  webhookId: string;
}

/**
 * Posts `body` to `url` signed per Standard Webhooks, as the Airflow notifier does: a fresh
 * `webhook-id` (unless given), the current time, and `v1,<base64 HMAC-SHA256>` over `id.timestamp.body`.
 *
 * @example
 * await postSignedEvent(fetch, 'http://127.0.0.1:3000/alerts/demo-airflow', 'whsec_…', JSON.stringify(event));
 */
export async function postSignedEvent(
  fetchFn: typeof fetch,
  url: string,
  secret: string,
  body: string,
  options: { webhookId?: string; now?: Date } = {},
): Promise<SignedPostResult> {
  const webhookId = options.webhookId ?? `msg_${randomUUID().replace(/-/g, '')}`;
  const now = options.now ?? new Date();
  const signature = new Webhook(secret).sign(webhookId, now, body);
  const response = await fetchFn(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': webhookId,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body,
    signal: AbortSignal.timeout(5_000),
  });
  return { status: response.status, body: await response.text(), webhookId };
}
