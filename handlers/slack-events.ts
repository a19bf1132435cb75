import { slackEventsFromEnv } from '../src/runtime/slack-events-from-env';

/** `POST /slack/events`: slash commands and interactivity. */
export const handler = slackEventsFromEnv(process.env, { handlerDir: __dirname });
