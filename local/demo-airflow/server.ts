/**
 * Starts a demo Airflow: one HTTP server speaking one API dialect, with its own in-memory state,
 * like a real deployment. `npm start` talks to two of them; tests start their own on port 0.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../src/clock';
import { JwtIssuer } from './auth/jwt';
import type { DemoContext, DialectServer } from './context';
import { requestListener } from './http/serve';
import type { RouteInfo } from './http/router';
import { LogTokenSigner } from './logs/log-pages';
import { DemoStore } from './store';
import { generatedDags } from './dag-list';
import { v1Dialect } from './v1/dialect';
import { v2Dialect } from './v2/dialect';

export interface DemoAirflowOptions {
  dialect: 'v1' | 'v2';
  /** `0` (the default) picks a free port. */
  port?: number;
  /** Defaults to loopback. */
  host?: string;
  /** The one user; `admin` / `admin` by default. */
  username?: string;
  password?: string;
  /** Drives the seed's dates, token expiry and the times changes are stamped with. */
  clock?: Clock;
  /** Delay before every answer, to see how the bot copes with a slow Airflow. */
  latencyMs?: number;
  /** DAGs without runs added beside the seed's (`generated_dag_00000` …, every tenth paused): a large deployment. */
  extraDags?: number;
}

export interface DemoAirflow {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:54321`. */
  url: string;
  dialect: 'v1' | 'v2';
  /** The state behind the API, for tests to inspect and `reset()`. */
  store: DemoStore;
  /** Every route this server answers, as OpenAPI path templates. */
  routes: RouteInfo[];
  close(): Promise<void>;
}

/**
 * @example
 * const airflow = await startDemoAirflow({ dialect: 'v2' });
 * // POST `${airflow.url}/auth/token` with {"username":"admin","password":"admin"}, then call /api/v2/…
 * await airflow.close();
 */
export async function startDemoAirflow(options: DemoAirflowOptions): Promise<DemoAirflow> {
  const clock = options.clock ?? systemClock;
  const context: DemoContext = {
    // Human-in-the-loop requests exist from Airflow 3.1 on: the v2 demo plays a 3.1.
    store: new DemoStore(clock, { humanInTheLoop: options.dialect === 'v2' }),
    clock,
    user: { username: options.username ?? 'admin', password: options.password ?? 'admin' },
    logTokens: new LogTokenSigner(randomBytes(32)),
    jwt: new JwtIssuer(randomBytes(64), clock),
  };
  if (options.extraDags !== undefined && options.extraDags > 0) context.store.addDags(generatedDags(options.extraDags));
  const dialect: DialectServer = options.dialect === 'v1' ? v1Dialect(context) : v2Dialect(context);
  const server = createServer(requestListener(dialect, { latencyMs: options.latencyMs ?? 0 }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    dialect: options.dialect,
    store: context.store,
    routes: dialect.router.list(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
