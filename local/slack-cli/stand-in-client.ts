import type { StandInEvent, StandInMessage, StandInView } from '../slack-stand-in/types';

/** The Slack stand-in's read API, seen from another process. */
export interface StandInClient {
  eventsAfter(seq: number): Promise<StandInEvent[]>;
  messages(): Promise<StandInMessage[]>;
  views(): Promise<StandInView[]>;
  newResponseUrl(bind: { messageId?: string; channelId?: string }): Promise<string>;
  /** A fresh `trigger_id` for an interaction, which the stand-in lets open one view within 3 seconds. */
  newTriggerId(): Promise<string>;
}

/**
 * A client for the stand-in at `baseUrl` (`http://127.0.0.1:3001/`).
 *
 * @throws Error saying the stand-in is not running when it cannot be reached.
 */
export function createStandInClient(baseUrl: string, fetchFn: typeof fetch): StandInClient {
  async function call<T>(path: string, init?: RequestInit): Promise<T> {
    const url = new URL(`_stand-in/${path}`, baseUrl).toString();
    let response: Response;
    try {
      response = await fetchFn(url, init);
    } catch (error) {
      throw new Error(`The Slack stand-in is not running at ${baseUrl} (start everything with npm start).`, { cause: error });
    }
    const text = await response.text();
    if (!response.ok) throw new Error(`The Slack stand-in answered ${response.status} to ${url}: ${text.slice(0, 200)}`);
    return JSON.parse(text) as T;
  }
  return {
    eventsAfter: (seq) => call(`events?after=${seq}`),
    messages: () => call('messages'),
    views: () => call('views'),
    newResponseUrl: async (bind) =>
      (
        await call<{ url: string }>('response-urls', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(bind),
        })
      ).url,
    newTriggerId: async () => (await call<{ triggerId: string }>('trigger-ids', { method: 'POST' })).triggerId,
  };
}
