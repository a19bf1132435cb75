import type { StandInFile } from './types';
import { optionalString, requiredString, WebApiError, type WebApiContext, type WebApiMethod } from './web-api-context';

/** Where the stand-in takes the bytes of an upload: `<base>/upload/<file id>`. */
export const UPLOAD_PATH = '/upload/';

/** `files.getUploadURLExternal`: a new file waiting for its bytes, and the URL to send them to. */
export const getUploadUrlExternal: WebApiMethod = (args, ctx) => {
  const filename = requiredString(args, 'filename');
  const length = Number(requiredString(args, 'length'));
  if (!Number.isSafeInteger(length) || length < 1) throw new WebApiError('invalid_arguments', ['[ERROR] length must be a positive integer']);
  const file: StandInFile = { id: ctx.ids.fileId(), filename, length, completed: false, createdSeq: ctx.seq };
  ctx.state.putFile(file);
  return { file_id: file.id, upload_url: `${ctx.baseUrl}${UPLOAD_PATH.slice(1)}${file.id}` };
};

/** `files.completeUploadExternal`: shares uploaded files into a channel (and thread), with a comment. */
export const completeUploadExternal: WebApiMethod = (args, ctx) => {
  const files = filesArgument(args);
  const channel = optionalString(args, 'channel_id');
  if (channel !== undefined && ctx.directory.channels[channel] === undefined) throw new WebApiError('channel_not_found');
  const threadTs = optionalString(args, 'thread_ts');
  const initialComment = optionalString(args, 'initial_comment');
  const completed = files.map(({ id, title }) => {
    const file = ctx.state.file(id);
    if (file === undefined || file.content === undefined) throw new WebApiError('file_not_found');
    if (file.content.length !== file.length) throw new WebApiError('file_size_mismatch');
    const done: StandInFile = {
      ...file,
      completed: true,
      ...(title === undefined ? {} : { title }),
      ...(channel === undefined ? {} : { channel }),
      ...(threadTs === undefined ? {} : { threadTs }),
      ...(initialComment === undefined ? {} : { initialComment }),
    };
    ctx.state.putFile(done);
    return { id: done.id, title: done.title ?? done.filename, name: done.filename, size: done.length };
  });
  return { files: completed };
};

function filesArgument(args: Record<string, unknown>): { id: string; title?: string }[] {
  const raw = typeof args.files === 'string' ? parseOr(args.files) : args.files;
  if (!Array.isArray(raw) || raw.length === 0) throw new WebApiError('invalid_arguments', ['[ERROR] missing required field: files']);
  return raw.map((entry: unknown) => {
    const record = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    if (typeof record.id !== 'string') throw new WebApiError('invalid_arguments', ['[ERROR] files[].id is required']);
    return typeof record.title === 'string' ? { id: record.id, title: record.title } : { id: record.id };
  });
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The bytes of an upload, as the SDK sends them: a multipart form with one file field, or a raw
 * body. Answers as Slack's upload URL does: `200` with `OK - <length>`.
 */
export async function receiveUpload(ctx: WebApiContext, fileId: string, contentType: string | undefined, body: Buffer): Promise<{ status: number; text: string }> {
  const file = ctx.state.file(fileId);
  if (file === undefined) return { status: 404, text: 'file_not_found' };
  let content = body;
  if ((contentType ?? '').toLowerCase().startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType ?? '' } }).formData();
    let part: Blob | undefined;
    form.forEach((value) => {
      if (part === undefined && typeof value !== 'string') part = value;
    });
    if (part === undefined) return { status: 400, text: 'no_file_data' };
    content = Buffer.from(await part.arrayBuffer());
  }
  ctx.state.putFile({ ...file, content });
  return { status: 200, text: `OK - ${content.length}` };
}
