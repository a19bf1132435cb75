import { fullLogFromFeed } from '../../logs/log-pipeline';
import { formatBytes } from '../../logs/full-log-file';
import type { SlackRequestContext } from '../../protocol/job';
import { inlineCode } from '../../views/mrkdwn-code';
import type { ResolvedTaskInstance } from '../../changes/target';
import type { WorkerDeps } from '../worker-deps';

/**
 * The Full log button and `logs … --file`: the try's whole log, secrets masked, uploaded as a file
 * into the conversation it was asked in. A log larger than the file's limit keeps its start and
 * its end, with a line saying what was left out.
 */
export async function uploadFullLog(
  deps: WorkerDeps,
  resolved: ResolvedTaskInstance,
  tryNumber: number | undefined,
  ctx: SlackRequestContext,
): Promise<void> {
  const { client, ref } = resolved;
  const [ti, secrets] = await Promise.all([client.getTaskInstance(ref), client.credentialValues()]);
  const tryToRead = tryNumber ?? Math.max(ti.tryNumber, 1);
  const file = await fullLogFromFeed((onLine) => client.readLog(ref, tryToRead, onLine), secrets);
  const mapped = ref.mapIndex >= 0 ? `.${ref.mapIndex}` : '';
  // The comment is mrkdwn: ids are quoted as code, so a run id such as `<!channel>` stays text.
  const notes = [
    `Full log of ${inlineCode(`${ref.taskId}${mapped}`)} (try ${tryToRead}) in ${inlineCode(ref.dagId)} / ${inlineCode(ref.runId)}: ${file.totalLines} lines, secrets masked.`,
  ];
  if (file.omittedLines > 0) notes.push(`${file.omittedLines} lines (${formatBytes(file.omittedBytes)}) from the middle are left out; the file keeps the start and the end.`);
  if (file.cut) notes.push(`Reading stopped after line ${file.cut.afterLines} (${formatBytes(file.cut.afterBytes)}): the end of the log is not in the file.`);
  await deps.replies.uploadFile(ctx, {
    filename: safeFileName(`${ref.dagId}__${ref.taskId}${mapped}__try-${tryToRead}.log`),
    title: `${ref.taskId}${mapped} · try ${tryToRead}`,
    content: file.content,
    comment: notes.join(' '),
  });
}

/** Letters, digits, `._-` only: ids may hold anything Airflow allows. */
function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 200);
}
