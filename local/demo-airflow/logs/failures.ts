/**
 * What went wrong in the demo's failed tries: one exception per task and try, so that each try's
 * log reads differently, as it would after a retry.
 */
import type { LoggedException } from './log-record';

const AIRFLOW_SITE = '/home/airflow/.local/lib/python3.12/site-packages/airflow';

/** The frames every operator failure goes through, inside Airflow itself. */
const AIRFLOW_FRAMES: LoggedException['frames'] = [
  {
    filename: `${AIRFLOW_SITE}/models/taskinstance.py`,
    lineno: 767,
    name: '_execute_task',
    code: 'result = _execute_callable(context=context, **execute_callable_kwargs)',
  },
  {
    filename: `${AIRFLOW_SITE}/models/taskinstance.py`,
    lineno: 733,
    name: '_execute_callable',
    code: 'return ExecutionCallableRunner(',
  },
  {
    filename: `${AIRFLOW_SITE}/models/baseoperator.py`,
    lineno: 406,
    name: 'wrapper',
    code: 'return func(self, *args, **kwargs)',
  },
];

function raisedIn(
  dagFile: string,
  frames: { lineno: number; name: string; code: string }[],
  type: string,
  value: string,
): LoggedException {
  return {
    type,
    value,
    frames: [...AIRFLOW_FRAMES, ...frames.map((f) => ({ filename: `/opt/airflow/dags/${dagFile}`, ...f }))],
  };
}

type FailureByTry = (tryNumber: number, mapIndex: number) => LoggedException;

const FAILURES: Record<string, FailureByTry> = {
  'etl_daily.transform': (tryNumber) =>
    tryNumber === 1
      ? raisedIn(
          'etl_daily.py',
          [{ lineno: 58, name: 'submit_transform', code: 'hook.submit(application="jobs/transform_orders.py")' }],
          'airflow.exceptions.AirflowException',
          'Cannot execute: spark-submit --master yarn --name transform_orders jobs/transform_orders.py. Error code is: 1.',
        )
      : raisedIn(
          'etl_daily.py',
          [
            { lineno: 61, name: 'transform_orders', code: 'validate_totals(frame, column="order_total")' },
            { lineno: 24, name: 'validate_totals', code: 'raise ValueError(f"Column {column!r} has {nulls} null values")' },
          ],
          'ValueError',
          "Column 'order_total' has 42 null values in the orders_daily partition; refusing to write",
        ),
  'ml_training.fetch_data': (tryNumber) =>
    raisedIn(
      'ml_training.py',
      [{ lineno: 33, name: 'fetch_data', code: 'response.raise_for_status()' }],
      'requests.exceptions.HTTPError',
      [
        '502 Server Error: Bad Gateway for url: https://features.demo.internal/api/v1/export',
        '504 Server Error: Gateway Timeout for url: https://features.demo.internal/api/v1/export',
        '503 Server Error: Service Unavailable for url: https://features.demo.internal/api/v1/export',
      ][(tryNumber - 1) % 3] ?? 'Server Error',
    ),
  'ml_training.train_model': (tryNumber, mapIndex) =>
    mapIndex === 3
      ? raisedIn(
          'ml_training.py',
          [{ lineno: 71, name: 'train_model', code: 'check_loss(history)' }],
          'ValueError',
          `Training loss became NaN at epoch ${tryNumber + 2}`,
        )
      : raisedIn(
          'ml_training.py',
          [{ lineno: 68, name: 'train_model', code: 'model.fit(features, labels, epochs=20)' }],
          'RuntimeError',
          `CUDA out of memory. Tried to allocate ${(2.5 - tryNumber * 0.5).toFixed(2)} GiB (GPU 0; 15.77 GiB total capacity)`,
        ),
};

/** The exception a failed try of a task raised. */
export function failureFor(dagId: string, taskId: string, tryNumber: number, mapIndex: number): LoggedException {
  const known = FAILURES[`${dagId}.${taskId}`];
  if (known) return known(tryNumber, mapIndex);
  return {
    type: 'airflow.exceptions.AirflowException',
    value: 'Bash command failed. The command returned a non-zero exit code 2.',
    frames: [
      ...AIRFLOW_FRAMES,
      {
        filename: '/home/airflow/.local/lib/python3.12/site-packages/airflow/operators/bash.py',
        lineno: 249,
        name: 'execute',
        code: 'raise AirflowException(',
      },
    ],
  };
}
