"""Tests of the listener plugin: ``python3 -m unittest discover -s integrations/airflow``."""

import enum
import importlib
import inspect
import json
import os
import socket
import sys
import time
import types
import unittest
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import airflow_slack_ops_listener as plugin
import airflow_slack_ops_notifier as notifier
from test_airflow_slack_ops_notifier import SECRET, closed_port, start_server, stop

SPECS = json.loads((Path(__file__).resolve().parent / "listener_specs.json").read_text(encoding="utf-8"))
LISTENERS = {"Listener": plugin.Listener, "LegacyListener": plugin.LegacyListener}
HOOKS = ("on_task_instance_failed", "on_task_instance_success", "on_dag_run_failed")


class TaskInstanceState(str, enum.Enum):
    """As Airflow 3's generated model: a str enum whose ``str()`` is not its value."""

    RUNNING = "running"
    FAILED = "failed"
    UP_FOR_RETRY = "up_for_retry"
    SUCCESS = "success"


def argnames(method):
    """The arguments pluggy passes an implementation: its positional ones without a default."""
    return [
        p.name
        for p in inspect.signature(method).parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty
    ]


def call_like_pluggy(listener, hook, spec_params, **values):
    """Calls ``hook`` as Airflow does: every spec argument given by name, the implementation taking its own."""
    caller_kwargs = {name: values.get(name) for name in spec_params}
    method = getattr(listener, hook)
    return method(**{name: caller_kwargs[name] for name in argnames(method)})


def fake_ti(**fields):
    ti = SimpleNamespace(
        dag_id="etl_daily",
        run_id="scheduled__2026-11-22T00:00:00+00:00",
        task_id="transform",
        map_index=-1,
        try_number=1,
        max_tries=2,
        state=TaskInstanceState.RUNNING,
        log_url="http://airflow.example.com/log?x=1",
    )
    for name, value in fields.items():
        setattr(ti, name, value)
    return ti


class Bot:
    """A recording bot, with the notifier's environment pointing at it."""

    def __init__(self, statuses=()):
        self.server = start_server(list(statuses))
        env = {
            "AIRFLOW_SLACK_OPS_URL": f"http://127.0.0.1:{self.server.server_port}/alerts/demo",
            "AIRFLOW_SLACK_OPS_SECRET": SECRET,
            "AIRFLOW_SLACK_OPS_DEPLOYMENT": "prod",
        }
        self.env = mock.patch.dict(os.environ, env)

    def __enter__(self):
        self.env.start()
        return self

    def __exit__(self, *exc):
        self.env.stop()
        stop(self.server)

    def events(self, count=None, timeout=5):
        deadline = time.monotonic() + timeout
        while count is not None and len(self.server.requests) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return [json.loads(request["body"]) for request in self.server.requests]


SPEC_3 = next(v for v in SPECS["versions"] if v["airflow"] == "3.0")["hooks"]
SPEC_2_9 = next(v for v in SPECS["versions"] if v["airflow"] == "2.6-2.9")["hooks"]


class SpecificationTest(unittest.TestCase):
    """Each listener against the upstream hook specifications recorded in listener_specs.json."""

    def versions(self):
        for version in SPECS["versions"]:
            names = list(LISTENERS) if version["listener"] == "both" else [version["listener"]]
            for name in names:
                yield version, name, LISTENERS[name]()

    def test_the_specifications_name_their_upstream_source(self):
        for version in SPECS["versions"]:
            for source in version["sources"]:
                self.assertEqual(source["repo"], "apache/airflow")
                self.assertRegex(source["commit"], r"^[0-9a-f]{40}$")
                self.assertTrue(source["path"].endswith(".py"))

    def test_every_hook_argument_is_in_the_specification_it_registers_against(self):
        # pluggy refuses, at registration, an implementation naming an argument its spec lacks.
        for version, name, listener in self.versions():
            for hook, spec_params in version["hooks"].items():
                if not hasattr(listener, hook):
                    continue
                with self.subTest(airflow=version["airflow"], listener=name, hook=hook):
                    self.assertLessEqual(set(argnames(getattr(listener, hook))), set(spec_params))

    def test_each_listener_implements_its_hooks_and_each_exists_in_its_specification(self):
        for version in SPECS["versions"]:
            if version["listener"] == "both":
                continue
            listener = LISTENERS[version["listener"]]()
            for hook in HOOKS:
                with self.subTest(airflow=version["airflow"], hook=hook):
                    self.assertIn(hook, version["hooks"])
                    self.assertTrue(callable(getattr(listener, hook)))
                    self.assertIn("airflow_impl", dir(getattr(listener, hook)), "marked as a hook implementation")

    def test_the_listener_takes_the_error_wherever_the_specification_offers_it_and_never_the_session(self):
        for version, name, listener in self.versions():
            for hook in HOOKS:
                if hook not in version["hooks"]:
                    continue
                with self.subTest(airflow=version["airflow"], listener=name, hook=hook):
                    names = argnames(getattr(listener, hook))
                    self.assertNotIn("session", names, "Airflow 3 has no session")
                    if "error" in version["hooks"][hook]:
                        self.assertIn("error", names)

    def test_no_hook_argument_has_a_default_or_is_keyword_only(self):
        # pluggy passes neither: such an argument would silently never receive Airflow's value.
        for listener in (plugin.Listener(), plugin.LegacyListener()):
            for hook in HOOKS:
                params = inspect.signature(getattr(listener, hook)).parameters.values()
                self.assertEqual([p.name for p in params], argnames(getattr(listener, hook)))

    def test_the_listener_is_chosen_from_the_airflow_version(self):
        for version in SPECS["versions"]:
            for release in version["releases"]:
                with self.subTest(release):
                    self.assertEqual(type(plugin.listener_for(release)).__name__, version["listener"])
        self.assertIsInstance(plugin.listener_for("3.2.0.dev0"), plugin.Listener)
        self.assertIsInstance(plugin.listener_for("2.10.0rc1"), plugin.Listener)
        self.assertIsInstance(plugin.listener_for(None), plugin.Listener)

    def test_airflow_loads_the_plugin_with_the_listener_for_its_version(self):
        for version, expected in (("2.9.3", "LegacyListener"), ("3.0.6", "Listener")):
            with self.subTest(version):
                airflow = types.ModuleType("airflow")
                airflow.__version__ = version
                plugins_manager = types.ModuleType("airflow.plugins_manager")
                plugins_manager.AirflowPlugin = type("AirflowPlugin", (), {"name": None, "listeners": []})
                listeners = types.ModuleType("airflow.listeners")
                listeners.hookimpl = lambda function: function
                modules = {"airflow": airflow, "airflow.plugins_manager": plugins_manager, "airflow.listeners": listeners}
                with mock.patch.dict(sys.modules, modules):
                    loaded = importlib.reload(plugin)
                    self.assertTrue(issubclass(loaded.AirflowSlackOpsPlugin, plugins_manager.AirflowPlugin))
                    self.assertEqual(loaded.AirflowSlackOpsPlugin.name, "airflow_slack_ops")
                    self.assertEqual([type(listener).__name__ for listener in loaded.AirflowSlackOpsPlugin.listeners], [expected])
        importlib.reload(plugin)


class RetryTest(unittest.TestCase):
    def test_airflow3_a_try_that_will_be_retried_sends_up_for_retry(self):
        with Bot() as bot:
            ti = fake_ti(state=TaskInstanceState.UP_FOR_RETRY, try_number=1, max_tries=2)
            call_like_pluggy(plugin.Listener(), "on_task_instance_failed", SPEC_3["on_task_instance_failed"],
                             previous_state=TaskInstanceState.RUNNING, task_instance=ti, error=ValueError("boom"))
            [event] = bot.events(1)
        self.assertEqual((event["event"], event["try_number"], event["exception"]), ("task_instance.up_for_retry", 1, "boom"))

    def test_airflow3_the_last_try_sends_failed_with_the_exception(self):
        with Bot() as bot:
            ti = fake_ti(state=TaskInstanceState.FAILED, try_number=3, max_tries=2)
            call_like_pluggy(plugin.Listener(), "on_task_instance_failed", SPEC_3["on_task_instance_failed"],
                             previous_state=TaskInstanceState.RUNNING, task_instance=ti, error=ValueError("déjà vu"))
            [event] = bot.events(1)
        event.pop("occurred_at")
        self.assertEqual(
            event,
            {
                "version": 1,
                "event": "task_instance.failed",
                "deployment": "prod",
                "dag_id": "etl_daily",
                "run_id": "scheduled__2026-11-22T00:00:00+00:00",
                "task_id": "transform",
                "map_index": -1,
                "try_number": 3,
                "log_url": "http://airflow.example.com/log?x=1",
                "exception": "déjà vu",
            },
        )

    def test_a_failure_the_runner_decided_not_to_retry_is_failed_whatever_the_tries_left(self):
        # AirflowFailException: the runner sets failed although tries remain.
        ti = fake_ti(state=TaskInstanceState.FAILED, try_number=1, max_tries=3)
        self.assertEqual(plugin.failure_event(ti), "task_instance.failed")

    def test_airflow2_9_calls_before_deciding_and_the_task_instance_says_whether_it_will_retry(self):
        for eligible, expected in ((True, "task_instance.up_for_retry"), (False, "task_instance.failed")):
            with self.subTest(eligible=eligible), Bot() as bot:
                ti = fake_ti(state="running", is_eligible_to_retry=lambda eligible=eligible: eligible)
                call_like_pluggy(plugin.LegacyListener(), "on_task_instance_failed", SPEC_2_9["on_task_instance_failed"],
                                 previous_state="running", task_instance=ti, session=object())
                [event] = bot.events(1)
                self.assertEqual(event["event"], expected)
                self.assertNotIn("exception", event)

    def test_without_a_state_or_eligibility_the_try_number_against_max_tries_decides(self):
        self.assertEqual(plugin.failure_event(fake_ti(state=None, try_number=2, max_tries=2)), "task_instance.up_for_retry")
        self.assertEqual(plugin.failure_event(fake_ti(state=None, try_number=3, max_tries=2)), "task_instance.failed")
        self.assertEqual(plugin.failure_event(SimpleNamespace()), "task_instance.failed")

    def test_the_event_is_the_one_the_notifier_sends_for_the_same_failure(self):
        ti = fake_ti(state=TaskInstanceState.FAILED, try_number=3)
        with Bot() as bot:
            plugin.Listener().on_task_instance_failed(TaskInstanceState.RUNNING, ti, ValueError("boom"))
            notifier.on_task_failure({"ti": ti, "exception": ValueError("boom")})
            first, second = bot.events(2)
        first.pop("occurred_at"), second.pop("occurred_at")
        self.assertEqual(first, second)


class SuccessTest(unittest.TestCase):
    def test_a_success_after_an_earlier_try_is_sent_to_resolve_the_alert(self):
        with Bot() as bot:
            ti = fake_ti(state=TaskInstanceState.SUCCESS, try_number=2)
            call_like_pluggy(plugin.Listener(), "on_task_instance_success", SPEC_3["on_task_instance_success"],
                             previous_state=TaskInstanceState.RUNNING, task_instance=ti)
            [event] = bot.events(1)
        self.assertEqual((event["event"], event["task_id"]), ("task_instance.success", "transform"))

    def test_a_first_try_success_sends_nothing(self):
        with Bot() as bot:
            plugin.Listener().on_task_instance_success(TaskInstanceState.RUNNING, fake_ti(state=TaskInstanceState.SUCCESS, try_number=1))
            # Before 2.10 a finished task's try_number already counts the next try: 2 is the first.
            plugin.LegacyListener().on_task_instance_success("running", fake_ti(state="success", try_number=2))
            time.sleep(0.2)
            self.assertEqual(bot.events(), [])

    def test_a_success_set_by_hand_is_sent(self):
        # Airflow 3's API server calls the hook with previous_state=None when a user sets the state.
        with Bot() as bot:
            plugin.Listener().on_task_instance_success(None, fake_ti(state=TaskInstanceState.SUCCESS, try_number=1))
            self.assertEqual([e["event"] for e in bot.events(1)], ["task_instance.success"])


class DagRunTest(unittest.TestCase):
    def test_a_failed_run_is_sent_without_waiting_for_the_bot(self):
        with Bot() as bot:
            run = SimpleNamespace(dag_id="etl_daily", run_id="manual__1", logical_date=None)
            with mock.patch.object(plugin, "DEADLINE_SECONDS", 0):
                call_like_pluggy(plugin.Listener(), "on_dag_run_failed", SPEC_3["on_dag_run_failed"], dag_run=run, msg="task_failure")
            [event] = bot.events(1)
        self.assertEqual((event["event"], event["dag_id"], event["run_id"]), ("dag_run.failed", "etl_daily", "manual__1"))
        self.assertNotIn("task_id", event)


class NeverRaisesTest(unittest.TestCase):
    def test_returns_quietly_when_the_bot_is_down(self):
        env = {
            "AIRFLOW_SLACK_OPS_URL": f"http://127.0.0.1:{closed_port()}/alerts/demo",
            "AIRFLOW_SLACK_OPS_SECRET": SECRET,
            "AIRFLOW_SLACK_OPS_DEPLOYMENT": "prod",
        }
        with mock.patch.dict(os.environ, env), self.assertLogs("airflow_slack_ops", level="ERROR") as logs:
            self.assertIsNone(plugin.Listener().on_task_instance_failed(None, fake_ti(state="failed"), ValueError("x")))
            self.assertIsNone(plugin.LegacyListener().on_task_instance_failed(None, fake_ti(state="failed")))
        self.assertIn("could not send task_instance.failed after 2 attempts", "\n".join(logs.output))

    def test_returns_quietly_when_the_task_instance_is_broken(self):
        class Broken:
            def __getattr__(self, name):
                raise RuntimeError(f"detached: {name}")

        with Bot() as bot, self.assertLogs("airflow_slack_ops", level="ERROR") as logs:
            self.assertIsNone(plugin.Listener().on_task_instance_failed(None, Broken(), None))
            self.assertIsNone(plugin.Listener().on_task_instance_success(None, Broken()))
            self.assertIsNone(plugin.Listener().on_dag_run_failed(Broken(), None))
            self.assertIsNone(plugin.Listener().on_task_instance_failed(None, None, None))
        self.assertEqual(bot.events(), [])
        self.assertIn("no DAG or run id", "\n".join(logs.output))

    def test_gives_up_at_its_deadline_when_the_bot_never_answers(self):
        with socket.socket() as silent:  # accepts connections (backlog) and never answers
            silent.bind(("127.0.0.1", 0))
            silent.listen(8)
            env = {
                "AIRFLOW_SLACK_OPS_URL": f"http://127.0.0.1:{silent.getsockname()[1]}/alerts/demo",
                "AIRFLOW_SLACK_OPS_SECRET": SECRET,
                "AIRFLOW_SLACK_OPS_DEPLOYMENT": "prod",
            }
            with mock.patch.dict(os.environ, env), mock.patch.object(plugin, "DEADLINE_SECONDS", 0.3):
                with self.assertLogs("airflow_slack_ops", level="ERROR") as logs:
                    started = time.monotonic()
                    plugin.Listener().on_task_instance_failed(None, fake_ti(state="failed"), ValueError("x"))
                    elapsed = time.monotonic() - started
        self.assertLess(elapsed, 2)
        self.assertIn("not sent within 0.3 s", "\n".join(logs.output))

    def test_the_deadline_is_the_notifiers_two_attempts(self):
        self.assertEqual(plugin.DEADLINE_SECONDS, notifier.TIMEOUT_SECONDS * notifier.ATTEMPTS)


class RedirectAndTextTest(unittest.TestCase):
    def test_a_redirect_is_not_followed_and_the_signature_never_leaves(self):
        elsewhere = start_server([202])
        try:
            with Bot([(307, f"http://127.0.0.1:{elsewhere.server_port}/x")]) as bot, self.assertLogs("airflow_slack_ops", level="ERROR") as logs:
                plugin.Listener().on_task_instance_failed(None, fake_ti(state="failed"), ValueError("x"))
                self.assertEqual(len(bot.events()), 1)
            self.assertIn("redirect", "\n".join(logs.output))
            self.assertEqual(elsewhere.requests, [])
        finally:
            stop(elsewhere)

    def test_a_lone_surrogate_in_the_error_is_replaced_and_the_alert_still_sent(self):
        with Bot() as bot:
            plugin.Listener().on_task_instance_failed(None, fake_ti(state="failed"), OSError("file \udcff.csv"))
            [event] = bot.events(1)
        self.assertEqual(event["exception"], "file ?.csv")


if __name__ == "__main__":
    unittest.main()
