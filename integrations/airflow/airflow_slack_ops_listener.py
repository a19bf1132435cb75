"""An Airflow listener plugin that sends failures to airflow-slack-ops without any DAG change.

Put this file and ``airflow_slack_ops_notifier.py`` in Airflow's ``plugins/`` folder. Settings,
signing and the event are the notifier's (connection ``airflow_slack_ops`` or the
``AIRFLOW_SLACK_OPS_*`` environment), so an alert sent from here and one sent by a callback are the
same alert. Standard library only; works with Airflow 2.6 to 3.x:

* a task try that fails sends ``task_instance.up_for_retry`` when Airflow will try again and
  ``task_instance.failed`` for the last try (Airflow 3 and 2.10 call the same hook for both);
* a task that succeeds after an earlier try (a retry or a clear), or is set to success by hand,
  sends ``task_instance.success``, which resolves its alert; a first-try success sends nothing;
* a DAG run that fails sends ``dag_run.failed``.

Airflow calls hooks by keyword and passes only the arguments an implementation names, and refuses
at registration an implementation that names an argument its hook specification lacks. The task
hooks gained ``error`` in 2.10 and lost ``session`` in 3.0, so there are two listeners, chosen from
``airflow.__version__`` at import: ``LegacyListener`` (2.6 to 2.9) and ``Listener`` (2.10 and
later). Neither names ``session``.

A hook never raises and never holds the task for long: a task hook waits for the send at most
``DEADLINE_SECONDS`` (the notifier's two attempts of ``TIMEOUT_SECONDS``); the send runs in a
daemon thread, so a send that hangs past that (a slow name lookup, a server that drips) is given up
and cannot keep the task's process alive. A DAG-run hook runs in the scheduler, which must not wait
on the network: it starts the send and returns.
"""

from __future__ import annotations

import logging
import threading
from types import SimpleNamespace
from typing import Any, Optional

import airflow_slack_ops_notifier as notifier

log = logging.getLogger("airflow_slack_ops")

DEADLINE_SECONDS = notifier.TIMEOUT_SECONDS * notifier.ATTEMPTS


def _hookimpl() -> Any:
    """Airflow's ``hookimpl`` marker; outside Airflow (tests), pluggy's or a marker that only marks."""
    try:
        from airflow.listeners import hookimpl

        return hookimpl
    except Exception:  # noqa: BLE001 - not in Airflow
        pass
    try:
        import pluggy

        return pluggy.HookimplMarker("airflow")
    except Exception:  # noqa: BLE001 - no pluggy either

        def mark(function: Any) -> Any:
            function.airflow_impl = {}
            return function

        return mark


hookimpl = _hookimpl()


def _attr(value: Any, name: str) -> Any:
    """``value.name``, or ``None`` when reading it fails (a detached ORM object, a property that raises)."""
    try:
        return getattr(value, name, None)
    except Exception:  # noqa: BLE001
        return None


def _state(task_instance: Any) -> str:
    state = _attr(task_instance, "state")
    return str(_attr(state, "value") or state or "").lower()


def failure_event(task_instance: Any) -> str:
    """``task_instance.up_for_retry`` when Airflow will try the task again, else ``task_instance.failed``.

    Airflow 3's task runner and 2.10 set the state (``up_for_retry`` or ``failed``) before they call
    the hook, and that is the answer. 2.6 to 2.9 call it before deciding, with the task still
    ``running``: then the task instance's own ``is_eligible_to_retry()`` decides, else its try
    number against ``max_tries``.
    """
    state = _state(task_instance)
    if state == "up_for_retry":
        return "task_instance.up_for_retry"
    if state == "failed":
        return "task_instance.failed"
    try:
        eligible = _attr(task_instance, "is_eligible_to_retry")
        if callable(eligible):
            return "task_instance.up_for_retry" if eligible() else "task_instance.failed"
    except Exception:  # noqa: BLE001 - fall back to the numbers
        pass
    try_number, max_tries = _attr(task_instance, "try_number"), _attr(task_instance, "max_tries")
    if isinstance(try_number, int) and isinstance(max_tries, int) and try_number <= max_tries:
        return "task_instance.up_for_retry"
    return "task_instance.failed"


def _snapshot(task_instance: Any) -> SimpleNamespace:
    """The fields the event needs, read now, in the hook's thread: a task instance may be an ORM object."""
    return SimpleNamespace(
        **{name: _attr(task_instance, name) for name in ("dag_id", "run_id", "task_id", "map_index", "try_number", "log_url")}
    )


def _logical_date(task_instance: Any) -> Any:
    # 2.x: the task instance's DAG run; 3.x task runner: the run context the API server sent.
    for holder in (_attr(task_instance, "dag_run"), _attr(_attr(task_instance, "_ti_context_from_server"), "dag_run")):
        value = _attr(holder, "logical_date")
        if value is not None:
            return value
    return None


def _send(event: str, context: dict, wait: bool) -> None:
    """``notifier.notify`` in a daemon thread; waits up to ``DEADLINE_SECONDS`` when ``wait``."""
    about = context.get("ti") or context.get("dag_run")
    if not about.dag_id or not about.run_id:
        log.error("airflow-slack-ops: %s not sent: Airflow gave no DAG or run id to name it by", event)
        return
    done = threading.Event()

    def run() -> None:
        try:
            notifier.notify(event, context)
        finally:
            done.set()

    threading.Thread(target=run, name="airflow-slack-ops", daemon=True).start()
    if wait and not done.wait(DEADLINE_SECONDS):
        log.error("airflow-slack-ops: %s not sent within %s s; the task goes on without it", event, DEADLINE_SECONDS)


def task_failed(task_instance: Any, error: Any = None) -> None:
    """Sends the failure of one try. Never raises."""
    try:
        context = {"ti": _snapshot(task_instance), "exception": error, "logical_date": _logical_date(task_instance)}
        _send(failure_event(task_instance), context, wait=True)
    except Exception:  # noqa: BLE001 - a listener must never fail the task
        log.exception("airflow-slack-ops: the failure listener failed")


def task_succeeded(previous_state: Any, task_instance: Any, legacy: bool = False) -> None:
    """Sends a success that may resolve an alert: after an earlier try, or set by hand. Never raises."""
    try:
        if previous_state is not None and not notifier.after_an_earlier_try(task_instance, counts_next_try=legacy):
            return
        context = {"ti": _snapshot(task_instance), "logical_date": _logical_date(task_instance)}
        _send("task_instance.success", context, wait=True)
    except Exception:  # noqa: BLE001
        log.exception("airflow-slack-ops: the success listener failed")


def dag_run_failed(dag_run: Any, msg: Any = None) -> None:
    """Sends the failure of a DAG run without waiting for it (the scheduler calls this). Never raises."""
    try:
        run = SimpleNamespace(**{name: _attr(dag_run, name) for name in ("dag_id", "run_id", "logical_date")})
        _send("dag_run.failed", {"dag_run": run, "reason": msg}, wait=False)
    except Exception:  # noqa: BLE001
        log.exception("airflow-slack-ops: the DAG run listener failed")


class Listener:
    """Airflow 2.10 and later, 3.x: the task hooks take ``error``; none takes ``session``."""

    @hookimpl
    def on_task_instance_failed(self, previous_state, task_instance, error):  # noqa: ANN001, ANN201 - Airflow's hook
        task_failed(task_instance, error)

    @hookimpl
    def on_task_instance_success(self, previous_state, task_instance):  # noqa: ANN001, ANN201
        task_succeeded(previous_state, task_instance)

    @hookimpl
    def on_dag_run_failed(self, dag_run, msg):  # noqa: ANN001, ANN201
        dag_run_failed(dag_run, msg)


class LegacyListener:
    """Airflow 2.6 to 2.9: the failed hook has no ``error`` (the event then has no exception text)."""

    @hookimpl
    def on_task_instance_failed(self, previous_state, task_instance):  # noqa: ANN001, ANN201
        task_failed(task_instance)

    @hookimpl
    def on_task_instance_success(self, previous_state, task_instance):  # noqa: ANN001, ANN201
        task_succeeded(previous_state, task_instance, legacy=True)

    @hookimpl
    def on_dag_run_failed(self, dag_run, msg):  # noqa: ANN001, ANN201
        dag_run_failed(dag_run, msg)


def _version(text: Any) -> Optional[tuple]:
    try:
        major, minor = str(text).split(".")[:2]
        return int(major), int("".join(ch for ch in minor if ch.isdigit()) or 0)
    except Exception:  # noqa: BLE001
        return None


def listener_for(airflow_version: Any) -> Any:
    """The listener whose hooks match this Airflow's specifications; the current one when unknown."""
    version = _version(airflow_version)
    return LegacyListener() if version is not None and version < (2, 10) else Listener()


def _airflow_version() -> Any:
    try:
        import airflow

        return airflow.__version__
    except Exception:  # noqa: BLE001 - not in Airflow
        return None


listener = listener_for(_airflow_version())


def _airflow_plugin() -> Any:
    try:
        from airflow.plugins_manager import AirflowPlugin

        return AirflowPlugin
    except Exception:  # noqa: BLE001 - not in Airflow
        return None


_AirflowPlugin = _airflow_plugin()

if _AirflowPlugin is not None:

    class AirflowSlackOpsPlugin(_AirflowPlugin):  # type: ignore[misc, valid-type]
        """Registers the listener: Airflow loads it from the plugins folder."""

        name = "airflow_slack_ops"
        listeners = [listener]
