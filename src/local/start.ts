/**
 * `npm start`: the bot, two demo Airflows and a Slack stand-in on 127.0.0.1, with no AWS or Slack
 * account. Talk to it with `npm run slack -- "/airflow help"`. Ctrl-C stops everything.
 */
import path from 'node:path';
import { startLocalStack } from './local-stack';
import { localPorts } from './local-settings';

async function main(): Promise<void> {
  const stack = await startLocalStack({ ports: localPorts(process.env), stateDirectory: path.resolve('.local') });
  process.stdout.write(
    [
      'airflow-slack-ops is running locally:',
      `  bot (API Gateway stand-in)  POST ${stack.slackEventsUrl}`,
      `  Slack stand-in              ${stack.standIn.url}`,
      `  demo Airflow 2 (demo-v1)    ${stack.airflowV1.url}/api/v1   (admin / admin)`,
      `  demo Airflow 3 (demo-v2)    ${stack.airflowV2.url}/api/v2   (admin / admin)`,
      `  demo-astro                  ${stack.platforms.astro.url}   (Astronomer stand-in: Airflow API and core API)`,
      `  demo-mwaa                   ${stack.platforms.mwaa.webServerUrl}   (MWAA web server; AWS API at ${stack.platforms.mwaa.awsEndpoint})`,
      `  demo-composer               ${stack.platforms.composer.webServerUrl}   (Composer web server and token endpoint)`,
      '',
      'In another terminal:',
      '  npm run slack -- "/airflow help"',
      '  npm run slack -- "/airflow ti demo-v2 etl_daily latest transform"',
      '  npm run slack -- --click "Mark success"',
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    void stack.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
