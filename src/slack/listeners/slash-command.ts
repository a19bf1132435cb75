import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import { asBotError } from '../../errors';
import { parseCommand } from '../parse-command';
import { COMMAND_FORMS, formsForDeployment } from '../command-forms';
import { errorMessage } from '../../views/error-message';
import { helpMessage } from '../../views/help-message';
import { workingMessage } from '../../views/working-message';
import type { Command } from '../../protocol/command';
import { contextFromCommand } from '../request-context';
import type { ListenerDeps } from './listener-deps';
import type { Builder } from '../builder/builder';

/**
 * `/airflow …`: answered at once. Help and usage errors need nothing else; everything that needs
 * Airflow is handed to the worker and the user sees a short "working" reply meanwhile.
 */
export function registerSlashCommand(app: App, deps: ListenerDeps & { builder?: Builder }): void {
  app.command(deps.slashCommand, async ({ command, ack, client }) => {
    if (deps.builder !== undefined && command.text.trim() === '') {
      await deps.builder.open(command, ack, client);
      return;
    }
    const parsed = parseCommand(command.text, deps.parseContext);
    if (parsed.name === 'usage') {
      await ack({ response_type: 'ephemeral', ...errorMessage(parsed.message) });
      return;
    }
    if (parsed.name === 'help') {
      const forms = formsForDeployment(COMMAND_FORMS, deps.parseContext.deployments[0]);
      await ack({ response_type: 'ephemeral', ...helpMessage({ slashCommand: deps.slashCommand, forms }) });
      return;
    }
    try {
      await deps.handoff.dispatch({
        kind: 'command',
        command: parsed,
        slack: contextFromCommand(command),
        requestId: randomUUID(),
      });
    } catch (error) {
      const botError = asBotError(error);
      deps.logger.error({ err: botError.cause ?? botError, kind: botError.kind }, 'handoff failed');
      await ack({ response_type: 'ephemeral', ...errorMessage(botError.userMessage) });
      return;
    }
    await ack({ response_type: 'ephemeral', ...workingMessage(describe(parsed)) });
  });
}

function describe(command: Exclude<Command, { name: 'help' }>): string {
  switch (command.name) {
    case 'deployments':
      return 'Checking the deployments…';
    case 'ti':
      return `Looking up ${command.target.dagId} / ${command.target.taskId}…`;
    case 'runs':
      return `Listing the runs of ${command.dagId}…`;
    case 'failed':
      return 'Looking for failed task instances…';
    case 'logs':
      return `Reading the log of ${command.target.taskId}…`;
    case 'mark':
      return `Previewing: mark ${command.target.taskId} ${command.newState}…`;
    case 'clear':
      return `Previewing: clear ${command.target.taskId}…`;
    case 'note':
      return `Adding a note to ${command.target.taskId}…`;
    case 'audit':
      return `Reading the audit trail of ${command.target.taskId}…`;
    case 'snooze':
      return `Snoozing the alerts of ${command.dagId}…`;
    case 'snoozes':
      return 'Listing the snoozed DAGs…';
    case 'unsnooze':
      return `Ending the snooze of ${command.dagId}…`;
    case 'digest':
      return 'Gathering the last 24 hours of alerts…';
    case 'pending':
      return 'Looking for requests that wait for an answer…';
  }
}
