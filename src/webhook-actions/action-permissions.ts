import type { DeploymentConfig, SourceAction, SourceConfig } from '../config/types';
import type { ActionName } from './action-payload';

/** The permission (`sourceActions` in the registry) each action needs. */
export const PERMISSION_FOR: Record<ActionName, SourceAction> = {
  lookup: 'read',
  note: 'note',
  mark: 'mark',
  clear: 'clear',
};

/**
 * Whether `source` may take `action` on `deployment`: only what the deployment's `sourceActions`
 * grants that source by name. Nothing is granted by default.
 *
 * @example
 * mayTakeAction(prod, dqMonitor, 'mark'); // true when prod has `sourceActions: { dq-monitor: [mark] }`
 */
export function mayTakeAction(deployment: DeploymentConfig, source: SourceConfig, action: ActionName): boolean {
  const granted = deployment.sourceActions?.[source.name] ?? [];
  return granted.includes(PERMISSION_FOR[action]);
}
