/**
 * The fixed alert settings of a local run, shared by `npm start` and `npm run alert`. The secret
 * is a made-up value that only the local bot accepts.
 */

/** The demo webhook source: the local notifier and `npm run alert` sign as it. */
export const LOCAL_ALERT_SOURCE = 'demo-airflow';

/** Its Standard Webhooks secret (`whsec_` + base64 of "local alert source secret key!!"). */
export const LOCAL_ALERT_SECRET = `whsec_${Buffer.from('local alert source secret key!!').toString('base64')}`;

/** Where the local credentials file keeps it. */
export const LOCAL_ALERT_SECRET_ID = 'local/sources/demo-airflow';

/** The alert table in the local DynamoDB engine. */
export const LOCAL_ALERT_TABLE = 'airflow-slack-ops-local-alerts';

/** `POST /alerts/{source}` on the local bot. */
export function localAlertsUrl(botUrl: string, source = LOCAL_ALERT_SOURCE): string {
  return `${botUrl.replace(/\/$/, '')}/alerts/${encodeURIComponent(source)}`;
}
