import { alertsFromEnv } from '../src/runtime/alerts-runtime';

/** `POST /alerts/{source}`: signed alert events from Airflow and other systems. */
export const handler = alertsFromEnv(process.env, { handlerDir: __dirname });
