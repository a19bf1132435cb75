import type { IncomingMessage } from 'node:http';

/** Requests larger than this are refused; the demo's bodies are a few hundred bytes. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface ParsedBody {
  body: unknown;
  bodyError?: string;
}

export async function readBodyText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('Request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON, or a form's fields as an object; nothing for an empty body. */
export function parseBody(text: string, contentType: string | undefined): ParsedBody {
  if (text.trim() === '') return { body: undefined };
  if ((contentType ?? '').startsWith('application/x-www-form-urlencoded')) {
    return { body: Object.fromEntries(new URLSearchParams(text)) };
  }
  try {
    return { body: JSON.parse(text) as unknown };
  } catch (error) {
    return { body: undefined, bodyError: error instanceof Error ? error.message : String(error) };
  }
}
