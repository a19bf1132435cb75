import type { TaskInstance } from '../airflow/model';

/**
 * "3 of 4": Airflow's `max_tries` counts the retries, so a task may run `max_tries + 1` times.
 * A task that has not started yet (try 0) shows only the allowance.
 */
export function tryOfTotal(ti: Pick<TaskInstance, 'tryNumber' | 'maxTries'>): string {
  const total = Math.max(ti.maxTries, 0) + 1;
  return `${ti.tryNumber} of ${Math.max(total, ti.tryNumber)}`;
}
