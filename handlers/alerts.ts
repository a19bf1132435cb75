import { alertsFromEnv } from '../src/runtime/alerts-from-env';

/** `POST /alerts/{source}`: signed alert events from Airflow and other systems. */
export const handler = alertsFromEnv(process.env, { handlerDir: __dirname });
