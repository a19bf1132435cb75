/**
 * The DAGs of the demo: their task graphs, operators, retries and extra links. Nothing here
 * depends on time; `build-seed.ts` adds the runs and task instances.
 */
import type { DemoDag, DemoExtraLink, DemoTask } from '../types';

/** A Spark job's UI, as a Spark operator's extra link shows it. */
const SPARK_UI_LINK: DemoExtraLink = {
  name: 'Spark UI',
  classRef: { modulePath: 'demo_plugins.links.spark', className: 'SparkUILink' },
  href: (ti) =>
    ti.tryNumber === 0 ? null : `https://spark-history.demo.internal/history/${ti.dagId}-${ti.taskId}-try${ti.tryNumber}/jobs/`,
};

interface TaskSpec {
  operator: string;
  retries?: number;
  downstream?: string[];
  queue?: string;
  extraLinks?: DemoExtraLink[];
}

function task(taskId: string, spec: TaskSpec): DemoTask {
  return {
    taskId,
    operator: spec.operator,
    retries: spec.retries ?? 0,
    downstream: spec.downstream ?? [],
    pool: 'default_pool',
    queue: spec.queue ?? 'default',
    extraLinks: spec.extraLinks ?? [],
  };
}

/** How many parallel tasks `fanout_big` has: more than one page (100) of task instances. */
export const FANOUT_TASK_COUNT = 120;

/** `process_shard_000` … `process_shard_119`. */
export function fanoutTaskId(index: number): string {
  return `process_shard_${String(index).padStart(3, '0')}`;
}

/**
 * The DAGs that wait for a person (Airflow 3.1's human-in-the-loop operators from the standard
 * provider), seeded only in an Airflow 3 demo: Airflow 2 has no such operators.
 */
export function humanInTheLoopDags(): DemoDag[] {
  return [
    {
      dagId: 'release_approval',
      displayName: 'Release approval',
      tasks: [
        task('build_release', { operator: 'BashOperator', downstream: ['approve_release'] }),
        task('approve_release', { operator: 'ApprovalOperator', downstream: ['deploy_release'] }),
        task('deploy_release', { operator: 'BashOperator', retries: 1 }),
      ],
    },
    {
      dagId: 'backfill_review',
      displayName: 'Backfill review',
      tasks: [
        task('detect_gaps', { operator: 'SQLExecuteQueryOperator', downstream: ['choose_backfill'] }),
        task('choose_backfill', { operator: 'HITLOperator', downstream: ['run_backfill'] }),
        task('run_backfill', { operator: 'PythonOperator', retries: 2 }),
      ],
    },
  ];
}

/** Builds the demo DAGs afresh (the store mutates nothing in them, but callers get their own copy). */
export function demoDags(): DemoDag[] {
  return [
    {
      dagId: 'etl_daily',
      displayName: 'ETL daily',
      tasks: [
        task('extract', { operator: 'PythonOperator', retries: 1, downstream: ['transform'] }),
        task('transform', {
          operator: 'SparkSubmitOperator',
          retries: 1,
          downstream: ['load'],
          queue: 'spark',
          extraLinks: [SPARK_UI_LINK],
        }),
        task('load', { operator: 'SQLExecuteQueryOperator', retries: 1, downstream: ['notify'] }),
        task('notify', { operator: 'SlackWebhookOperator' }),
      ],
    },
    {
      dagId: 'ml_training',
      displayName: 'ML training',
      tasks: [
        task('prepare_features', { operator: 'PythonOperator', downstream: ['train_model'] }),
        task('fetch_data', { operator: 'HttpOperator', retries: 3, downstream: ['evaluate'] }),
        task('train_model', { operator: '_PythonDecoratedOperator', retries: 2, downstream: ['evaluate'], queue: 'gpu' }),
        task('evaluate', { operator: '_PythonDecoratedOperator', downstream: ['publish_model'] }),
        task('publish_model', { operator: 'PythonOperator' }),
      ],
    },
    {
      dagId: 'reports_hourly',
      displayName: 'Reports hourly',
      tasks: [
        task('query_sales', { operator: 'SQLExecuteQueryOperator', retries: 2, downstream: ['render_report'] }),
        task('query_inventory', { operator: 'SQLExecuteQueryOperator', retries: 2, downstream: ['render_report'] }),
        task('render_report', { operator: 'PythonOperator', downstream: ['send_email'] }),
        task('send_email', { operator: 'EmailOperator' }),
      ],
    },
    {
      dagId: 'flaky_hourly',
      displayName: 'Flaky hourly feed',
      tasks: [
        task('fetch_feed', { operator: 'HttpOperator', retries: 1, downstream: ['publish_feed'] }),
        task('publish_feed', { operator: 'PythonOperator' }),
      ],
    },
    {
      dagId: 'fanout_big',
      displayName: 'Fan-out (120 shards)',
      tasks: Array.from({ length: FANOUT_TASK_COUNT }, (_, index) =>
        task(fanoutTaskId(index), { operator: 'BashOperator', retries: 1 }),
      ),
    },
  ];
}
