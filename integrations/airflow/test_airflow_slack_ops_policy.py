"""Tests of the cluster policy: ``python3 -m unittest discover -s integrations/airflow``."""

import ast
import json
import unittest
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import airflow_slack_ops_policy as policy
from test_airflow_slack_ops_listener import Bot, fake_ti


def mine(context):
    pass


def theirs(context):
    pass


class TaskPolicyTest(unittest.TestCase):
    def test_a_task_without_callbacks_gets_the_three(self):
        task = SimpleNamespace(task_id="t", on_failure_callback=None, on_retry_callback=None, on_success_callback=None)
        policy.task_policy(task)
        self.assertEqual(task.on_failure_callback, [policy.on_failure])
        self.assertEqual(task.on_retry_callback, [policy.on_retry])
        self.assertEqual(task.on_success_callback, [policy.on_success])

    def test_the_tasks_own_callbacks_stay_first_whether_a_callable_or_a_list(self):
        task = SimpleNamespace(task_id="t", on_failure_callback=mine, on_retry_callback=[mine, theirs], on_success_callback=(theirs,))
        policy.task_policy(task)
        self.assertEqual(task.on_failure_callback, [mine, policy.on_failure])
        self.assertEqual(task.on_retry_callback, [mine, theirs, policy.on_retry])
        self.assertEqual(task.on_success_callback, [theirs, policy.on_success])

    def test_applying_it_twice_adds_nothing_more(self):
        task = SimpleNamespace(task_id="t", on_failure_callback=mine)
        policy.task_policy(task)
        policy.task_policy(task)
        self.assertEqual(task.on_failure_callback, [mine, policy.on_failure])

    def test_never_raises_on_a_task_that_refuses_the_attribute(self):
        class Frozen:
            task_id = "t"

            def __setattr__(self, name, value):
                raise AttributeError("read-only")

        with self.assertLogs("airflow_slack_ops", level="ERROR"):
            self.assertIsNone(policy.task_policy(Frozen()))

    def test_imports_nothing_from_airflow_or_the_notifier_when_loaded(self):
        # Airflow imports airflow_local_settings while it starts: the policy module must not import it back.
        tree = ast.parse(Path(policy.__file__).read_text(encoding="utf-8"))
        top_level = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
        names = [alias.name for node in top_level for alias in node.names] + [getattr(node, "module", None) or "" for node in top_level]
        self.assertFalse([name for name in names if name.startswith("airflow")], names)


class CallbacksTest(unittest.TestCase):
    def test_the_failure_and_retry_callbacks_send_the_notifiers_events(self):
        with Bot() as bot:
            policy.on_retry({"ti": fake_ti(try_number=1), "exception": ValueError("boom")})
            policy.on_failure({"ti": fake_ti(try_number=3), "exception": ValueError("boom")})
            events = bot.events(2)
        self.assertEqual([(e["event"], e["try_number"], e["exception"]) for e in events],
                         [("task_instance.up_for_retry", 1, "boom"), ("task_instance.failed", 3, "boom")])

    def test_the_success_callback_sends_only_after_an_earlier_try(self):
        with Bot() as bot:
            policy.on_success({"ti": fake_ti(state="success", try_number=1)})
            policy.on_success({"ti": fake_ti(state="success", try_number=2)})
            events = bot.events(1)
        self.assertEqual([(e["event"], e["try_number"]) for e in events], [("task_instance.success", 2)])

    def test_before_airflow_2_10_a_finished_tasks_try_number_is_one_ahead(self):
        with Bot() as bot, mock.patch.object(policy, "_counts_next_try", return_value=True):
            policy.on_success({"ti": fake_ti(state="success", try_number=2)})
            policy.on_success({"ti": fake_ti(state="success", try_number=3)})
            events = bot.events(1)
        self.assertEqual([json.dumps(e["try_number"]) for e in events], ["3"])


if __name__ == "__main__":
    unittest.main()
