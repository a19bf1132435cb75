import { runUiUrl, taskInstanceUiUrl, taskLogUiUrl } from '../../src/links/airflow-ui';

const ref = { dagId: 'etl daily', runId: 'scheduled__2026-11-21T00:00:00+00:00', taskId: 'transform', mapIndex: -1 };

describe('links into the Airflow UI', () => {
  it("points a run at Airflow 2's grid view with the run selected, and at Airflow 3's run page", () => {
    expect(runUiUrl('http://airflow.example.com/', 'v1', ref)).toBe(
      'http://airflow.example.com/dags/etl%20daily/grid?dag_run_id=scheduled__2026-11-21T00%3A00%3A00%2B00%3A00',
    );
    expect(runUiUrl('http://airflow.example.com', 'v2', ref)).toBe('http://airflow.example.com/dags/etl%20daily/runs/scheduled__2026-11-21T00%3A00%3A00%2B00%3A00');
  });

  it("points a task instance within its run's page, and its log at the try", () => {
    expect(taskInstanceUiUrl('http://airflow.example.com', 'v2', { ...ref, mapIndex: 3 })).toBe(
      `${runUiUrl('http://airflow.example.com', 'v2', ref)}/tasks/transform/mapped/3`,
    );
    expect(taskLogUiUrl('http://airflow.example.com', 'v1', ref, 2)).toBe(
      `${runUiUrl('http://airflow.example.com', 'v1', ref)}&task_id=transform&tab=logs&try_number=2`,
    );
  });
});
