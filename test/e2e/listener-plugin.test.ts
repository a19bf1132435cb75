import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { LOCAL_ALERT_SECRET } from '../../local/alerts/local-alert-settings';
import { failureFor } from '../../local/demo-airflow/logs/failures';
import { startTestStack, until } from './local-stack-fixture';

const run = promisify(execFile);
const INTEGRATION = path.join(__dirname, '..', '..', 'integrations', 'airflow');

/**
 * Airflow 3's task runner calling the listener plugin's failed hook for the last try of a task:
 * by keyword, after it set the state; the plugin chose its listener at import (no Airflow here: the
 * current one).
 */
const FAILED_HOOK = `
import sys
from types import SimpleNamespace
sys.path.insert(0, sys.argv[1])
import airflow_slack_ops_listener as plugin
ti = SimpleNamespace(dag_id=sys.argv[2], run_id=sys.argv[3], task_id=sys.argv[4], map_index=-1,
                     try_number=2, max_tries=1, state="failed")
plugin.listener.on_task_instance_failed(previous_state="running", task_instance=ti, error=ValueError(sys.argv[5]))
`;

describe('the Airflow listener plugin against the local stack', () => {
  it("shows the alert its failed hook sends, with the failure's cause", async () => {
    const stack = await startTestStack();
    try {
      const failed = stack.stack.airflowV2!.store.taskInstances().find((ti) => ti.dagId === 'etl_daily' && ti.state === 'failed');
      if (failed === undefined) throw new Error('the demo has no failed etl_daily task');

      const { stderr } = await run('python3', ['-c', FAILED_HOOK, INTEGRATION, failed.dagId, failed.runId, failed.taskId, 'row count 40 % below yesterday'], {
        env: {
          PATH: process.env.PATH ?? '',
          AIRFLOW_SLACK_OPS_URL: stack.stack.alertsUrl,
          AIRFLOW_SLACK_OPS_SECRET: LOCAL_ALERT_SECRET,
          AIRFLOW_SLACK_OPS_DEPLOYMENT: 'demo-v2',
        },
        timeout: 15_000,
      });
      expect(stderr).toBe('');

      const alert = await until('the alert', () => stack.stack.standIn.messages.find((m) => m.origin === 'chat.postMessage' && m.threadTs === undefined));
      expect(alert.text).toContain('etl_daily is failing in Demo Airflow 3');
      const blocks = JSON.stringify(alert.blocks);
      expect(blocks).toContain('*Cause*');
      expect(blocks).toContain(failed.taskId);
      // The bot shows the exception from the task's log; the event's text is only a hint.
      const raised = failureFor(failed.dagId, failed.taskId, failed.tryNumber, failed.mapIndex);
      expect(blocks).toContain(`${raised.type}: ${raised.value}`);
      expect(blocks).not.toContain('row count 40 % below yesterday');
    } finally {
      await stack.close();
    }
  }, 60_000);
});
