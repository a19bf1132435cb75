/**
 * The registry used when neither `DEPLOYMENTS_FILE` nor `DEPLOYMENTS_JSON` is set: the two demo
 * Airflows of `npm run demo-airflow`, on loopback. Written as the file would be (defaults left
 * out) and validated by the same schema as any other registry.
 */
export const DEFAULT_DEPLOYMENTS_SOURCE = 'bundled default deployments';

/** The demo user of the local Slack stand-in; the only one allowed to change task instances. */
const LOCAL_DEMO_USER = 'ULOCAL0001';

export const DEFAULT_DEPLOYMENTS: unknown = {
  deployments: [
    {
      name: 'demo-v2',
      displayName: 'Demo Airflow 3',
      apiUrl: 'http://127.0.0.1:8082',
      dialect: 'v2',
      auth: 'password',
      secretId: 'local/demo-v2',
      defaultChannels: ['CDEMO00001'],
      // No `readers`: anyone may read.
      actors: { users: [LOCAL_DEMO_USER] },
    },
    {
      name: 'demo-v1',
      displayName: 'Demo Airflow 2',
      apiUrl: 'http://127.0.0.1:8081',
      dialect: 'v1',
      auth: 'basic',
      secretId: 'local/demo-v1',
      actors: { users: [LOCAL_DEMO_USER] },
    },
  ],
};
