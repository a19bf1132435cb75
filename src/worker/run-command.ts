import type { Command } from '../protocol/command';
import { showAudit } from './commands/show-audit';
import { showDeployments } from './commands/show-deployments';
import { showDigest } from './commands/show-digest';
import { showFailed } from './commands/show-failed';
import { showLogs } from './commands/show-logs';
import { showPending } from './commands/show-pending';
import { showRuns } from './commands/show-runs';
import { showTaskInstance } from './commands/show-task-instance';
import { addNoteFromCommand } from './mutations/add-note';
import { previewFromCommand } from './mutations/preview-action';
import { listSnoozes, snoozeFromCommand, unsnoozeFromCommand } from './mutations/snooze';
import type { SlackRequestContext } from '../protocol/job';
import type { WorkerDeps } from './worker-deps';

/** The worker's side of each `/airflow` subcommand (help and usage are answered before the handoff). */
export async function runCommand(
  command: Command,
  ctx: SlackRequestContext,
  deps: WorkerDeps,
  requestId?: string,
): Promise<void> {
  switch (command.name) {
    case 'help':
      return; // answered by the Slack-facing function
    case 'deployments':
      return showDeployments(command, ctx, deps);
    case 'ti':
      return showTaskInstance(command, ctx, deps);
    case 'runs':
      return showRuns(command, ctx, deps);
    case 'failed':
      return showFailed(command, ctx, deps);
    case 'logs':
      return showLogs(command, ctx, deps);
    case 'mark':
    case 'clear':
      return previewFromCommand(command, ctx, deps);
    case 'note':
      return addNoteFromCommand(command, ctx, deps, requestId);
    case 'audit':
      return showAudit(command.target, ctx, deps, { replaceOriginal: !command.share, share: command.share });
    case 'snooze':
      return snoozeFromCommand(command, ctx, deps, requestId);
    case 'snoozes':
      return listSnoozes(command, ctx, deps);
    case 'unsnooze':
      return unsnoozeFromCommand(command, ctx, deps, requestId);
    case 'digest':
      return showDigest(command, ctx, deps);
    case 'pending':
      return showPending(command, ctx, deps);
  }
}
