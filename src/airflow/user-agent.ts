import { version } from '../../package.json';

/** What the bot calls itself in the `User-Agent` of every Airflow request, so operators can find it in access logs. */
export const DEFAULT_USER_AGENT = `airflow-slack-ops/${version}`;
