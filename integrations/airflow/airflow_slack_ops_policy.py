"""A cluster policy that gives every task the airflow-slack-ops callbacks, for teams that prefer
policies to listener plugins. Standard library only.

Put this file and ``airflow_slack_ops_notifier.py`` where Airflow imports from (the ``plugins/``
folder) and call it from your ``airflow_local_settings.py``::

    from airflow_slack_ops_policy import task_policy

or, when you have a task policy already::

    import airflow_slack_ops_policy

    def task_policy(task):
        airflow_slack_ops_policy.task_policy(task)
        ...  # your own

Every task gets a failure, a retry and a success callback (the last sends only a success after an
earlier try: a first-try success cannot resolve anything), added after the task's own callbacks,
which stay as they were (a callable or a list). The notifier is imported only when a callback
runs: Airflow imports ``airflow_local_settings`` while it starts, before it can import much else.
"""

from __future__ import annotations

import logging
from typing import Any, Mapping

log = logging.getLogger("airflow_slack_ops")


def _notifier() -> Any:
    import airflow_slack_ops_notifier

    return airflow_slack_ops_notifier


def on_failure(context: Mapping[str, Any]) -> None:
    _notifier().on_task_failure(context)


def on_retry(context: Mapping[str, Any]) -> None:
    _notifier().on_task_retry(context)


def _counts_next_try() -> bool:
    """Airflow before 2.10, whose ``try_number`` of a finished task is already the next try's."""
    try:
        import airflow

        major, minor = (int("".join(ch for ch in part if ch.isdigit()) or 0) for part in airflow.__version__.split(".")[:2])
        return (major, minor) < (2, 10)
    except Exception:  # noqa: BLE001 - not in Airflow: as the current Airflow
        return False


def on_success(context: Mapping[str, Any]) -> None:
    try:
        notifier = _notifier()
        ti = context.get("ti") or context.get("task_instance")
        if notifier.after_an_earlier_try(ti, counts_next_try=_counts_next_try()):
            notifier.on_task_success(context)
    except Exception:  # noqa: BLE001 - a callback must never fail the task
        log.exception("airflow-slack-ops: the success callback failed")


CALLBACKS = (("on_failure_callback", on_failure), ("on_retry_callback", on_retry), ("on_success_callback", on_success))


def add_callback(task: Any, attribute: str, callback: Any) -> None:
    """Adds ``callback`` after the task's own (``None``, a callable or a list); once only."""
    current = getattr(task, attribute, None)
    if current is None:
        callbacks = []
    elif isinstance(current, (list, tuple)):
        callbacks = list(current)
    else:
        callbacks = [current]
    if any(existing is callback for existing in callbacks):
        return
    setattr(task, attribute, callbacks + [callback])


def task_policy(task: Any) -> None:
    """Airflow's ``task_policy``: gives ``task`` the callbacks. Never raises (a policy that raises stops the DAG loading)."""
    for attribute, callback in CALLBACKS:
        try:
            add_callback(task, attribute, callback)
        except Exception:  # noqa: BLE001
            log.exception("airflow-slack-ops: could not add %s to %s", attribute, getattr(task, "task_id", task))
