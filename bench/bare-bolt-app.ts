/**
 * The anchor the Slack-facing function is measured against: a bare Bolt app as its documentation
 * deploys it on Lambda. `AwsLambdaReceiver`, one command that acknowledges, and `botId` /
 * `botUserId` given so that Bolt never calls Slack. Bundled with the installed `@slack/bolt` and the
 * same esbuild options as the functions, minus the project's own plugins.
 */
import { App, AwsLambdaReceiver } from '@slack/bolt';

const receiver = new AwsLambdaReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? '' });
const app = new App({ receiver, token: 'xoxb-bare-bolt', botId: 'BBAREBOLT', botUserId: 'UBAREBOLT' });

app.command('/airflow', async ({ ack }) => {
  await ack('ok');
});

export const handler = receiver.toHandler();
