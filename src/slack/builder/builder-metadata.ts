import { z } from 'zod';

/**
 * What the builder modal carries in `private_metadata`: who opened it, and where the answer goes
 * (the slash command's channel and `response_url`; none from the App Home). Only this app can open a view with it, and it
 * comes back inside a request Slack signed, so it is not signed again; it is still checked as
 * input (and the worker's replies only go to Slack's hosts).
 */
export interface BuilderMetadata {
  openedBy: string;
  teamId?: string;
  channelId?: string;
  /** The slash command's; absent exactly when `fromHome`. */
  responseUrl?: string;
  /** Opened from the App Home: the answer goes where the channel picker's `response_url` says. */
  fromHome?: true;
}

const schema = z.strictObject({
  openedBy: z.string().min(1),
  teamId: z.string().optional(),
  channelId: z.string().optional(),
  responseUrl: z.url({ protocol: /^https?$/ }).optional(),
  fromHome: z.literal(true).optional(),
}).refine((m) => (m.responseUrl === undefined) === (m.fromHome === true), 'a response_url, or opened from the App Home');

export function encodeBuilderMetadata(metadata: BuilderMetadata): string {
  return JSON.stringify(metadata);
}

/**
 * @throws `ZodError` or `SyntaxError` for anything the builder did not write.
 */
export function decodeBuilderMetadata(text: string | undefined): BuilderMetadata {
  return schema.parse(JSON.parse(text ?? '')) as BuilderMetadata;
}
