import type { Authenticator } from '../authenticator';
import type { DialectApi } from '../dialect';
import { airflowPlatform } from './airflow';
import { astroPlatform } from './astro';
import { composerPlatform } from './composer';
import { mwaaPlatform } from './mwaa';
import type { PlatformContext } from './platform';

export type { PlatformContext, PlatformServices } from './platform';

/** A deployment's platform, bound to it: its authenticator and its dialect wrapper. */
export interface BoundPlatform {
  authenticator: Authenticator;
  wrapDialect(dialect: DialectApi): DialectApi;
}

/**
 * The one place that looks at `deployment.platform`: picks the platform folder and builds its
 * authenticator and dialect wrapper for this deployment.
 */
export function bindPlatform(context: PlatformContext): BoundPlatform {
  const { deployment } = context;
  switch (deployment.platform) {
    case 'astro': {
      const bound = { ...context, deployment };
      const authenticator = astroPlatform.authenticator(bound);
      return { authenticator, wrapDialect: (dialect) => astroPlatform.wrapDialect?.(dialect, bound, authenticator) ?? dialect };
    }
    case 'mwaa':
      return plain(mwaaPlatform.authenticator({ ...context, deployment }));
    case 'composer':
      return plain(composerPlatform.authenticator({ ...context, deployment }));
    case undefined:
    case 'airflow':
      return plain(airflowPlatform.authenticator({ ...context, deployment }));
  }
}

function plain(authenticator: Authenticator): BoundPlatform {
  return { authenticator, wrapDialect: (dialect) => dialect };
}
