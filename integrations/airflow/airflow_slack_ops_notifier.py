"""Send Airflow failures, retries and recoveries to airflow-slack-ops as signed alert events.

One file, standard library only. Copy it next to your DAGs (or into a plugins folder) and use it as

* task callbacks: ``on_failure_callback=on_task_failure``, ``on_retry_callback=on_task_retry``,
  ``on_success_callback=on_task_success``;
* DAG callbacks: ``on_failure_callback=on_dag_failure``, ``on_success_callback=on_dag_success``;
* a notifier, where Airflow has ``BaseNotifier`` (2.6 and later, 3.x):
  ``on_failure_callback=SlackOpsNotifier("task_instance.failed")``.

Settings come from the Airflow connection ``airflow_slack_ops`` (host: the alerts URL such as
``https://abc.execute-api.eu-west-1.amazonaws.com/alerts/airflow-prod``, login: the source name,
password: the ``whsec_`` secret, extra: ``{"deployment": "prod"}``) or, when there is no such
connection, from the environment: ``AIRFLOW_SLACK_OPS_URL``, ``AIRFLOW_SLACK_OPS_SECRET``,
``AIRFLOW_SLACK_OPS_DEPLOYMENT``.

Events are signed per Standard Webhooks (``webhook-id``, ``webhook-timestamp``,
``webhook-signature: v1,<base64 HMAC-SHA256 over id.timestamp.body>``) and follow the alert event
schema, version 1 (``schemas/alert-event.v1.json``). A send times out after 5 seconds and is tried
once more with the same ``webhook-id`` (the bot drops the duplicate if both arrived). A redirect is
a failure: it is logged and never followed, so the signed event never goes to another host. Text
that UTF-8 cannot carry (a lone surrogate in an exception) is replaced, not a reason to drop the
event. Nothing here ever raises into the task: every failure is logged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import time
import urllib.error
import urllib.request
import uuid
from typing import Any, Mapping, Optional

log = logging.getLogger("airflow_slack_ops")

CONNECTION_ID = "airflow_slack_ops"
TIMEOUT_SECONDS = 5
ATTEMPTS = 2
EXCEPTION_MAX = 2000
ID_MAX = 250

TASK_EVENTS = ("task_instance.failed", "task_instance.up_for_retry", "task_instance.success")
DAG_EVENTS = ("dag_run.failed", "dag_run.success")


class Settings:
    """Where to send and how to sign."""

    def __init__(self, url: str, secret: str, deployment: str) -> None:
        self.url = url
        self.secret = secret
        self.deployment = deployment


def sign(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    """The Standard Webhooks signature ``v1,<base64>`` of ``body``."""
    key = base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret)
    message = f"{webhook_id}.{timestamp}.".encode("utf-8") + body
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def _isoformat(value: Any) -> Optional[str]:
    if value is None:
        return None
    iso = getattr(value, "isoformat", None)
    return iso() if callable(iso) else str(value)


def _text(value: Any) -> str:
    """``str(value)``, or its type's name when its ``__str__`` fails."""
    try:
        return str(value)
    except Exception:  # noqa: BLE001 - an exception whose text cannot be read still names its type
        return type(value).__name__


def _get(context: Mapping[str, Any], *names: str) -> Any:
    for name in names:
        value = context.get(name) if hasattr(context, "get") else None
        if value is not None:
            return value
    return None


def build_event(event: str, context: Mapping[str, Any], deployment: str) -> dict:
    """The alert event for ``event`` from an Airflow callback context (2.x and 3.x)."""
    if event not in TASK_EVENTS + DAG_EVENTS:
        raise ValueError(f"unknown event {event!r}")
    ti = _get(context, "task_instance", "ti")
    dag_run = _get(context, "dag_run")
    dag_id = getattr(ti, "dag_id", None) or getattr(dag_run, "dag_id", None) or getattr(_get(context, "dag"), "dag_id", None)
    run_id = getattr(ti, "run_id", None) or getattr(dag_run, "run_id", None) or _get(context, "run_id")
    payload: dict = {
        "version": 1,
        "event": event,
        "deployment": deployment,
        "dag_id": str(dag_id)[:ID_MAX] if dag_id is not None else "",
        "run_id": str(run_id)[:ID_MAX] if run_id is not None else "",
        "occurred_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    logical = _get(context, "logical_date", "execution_date") or getattr(dag_run, "logical_date", None)
    if logical is not None:
        payload["logical_date"] = _isoformat(logical)
    if event in TASK_EVENTS:
        payload["task_id"] = str(getattr(ti, "task_id", ""))[:ID_MAX]
        map_index = getattr(ti, "map_index", -1)
        payload["map_index"] = map_index if isinstance(map_index, int) and map_index >= -1 else -1
        try_number = getattr(ti, "try_number", None)
        if isinstance(try_number, int) and try_number >= 0:
            payload["try_number"] = try_number
        log_url = getattr(ti, "log_url", None)
        if isinstance(log_url, str) and log_url.startswith(("http://", "https://")):
            payload["log_url"] = log_url[:2000]
    exception = _get(context, "exception")
    if exception is not None:
        payload["exception"] = _text(exception)[:EXCEPTION_MAX]
    return payload


def load_settings() -> Optional[Settings]:
    """From the ``airflow_slack_ops`` connection, else the environment; ``None`` when neither is set."""
    connection = _airflow_connection()
    if connection is not None and getattr(connection, "host", None):
        extra = connection.extra_dejson if hasattr(connection, "extra_dejson") else {}
        url = connection.host if "://" in connection.host else f"{connection.schema or 'https'}://{connection.host}"
        return Settings(url, connection.password or "", str(extra.get("deployment", os.environ.get("AIRFLOW_SLACK_OPS_DEPLOYMENT", ""))))
    url = os.environ.get("AIRFLOW_SLACK_OPS_URL")
    secret = os.environ.get("AIRFLOW_SLACK_OPS_SECRET")
    deployment = os.environ.get("AIRFLOW_SLACK_OPS_DEPLOYMENT")
    if not url or not secret or not deployment:
        return None
    return Settings(url, secret, deployment)


def _airflow_connection() -> Any:
    """The connection, through whichever hook this Airflow has; ``None`` outside Airflow or when absent."""
    for module, name in (("airflow.sdk", "BaseHook"), ("airflow.hooks.base", "BaseHook")):
        try:
            hook = getattr(__import__(module, fromlist=[name]), name)
        except Exception:  # noqa: BLE001 - not this Airflow, or no Airflow at all
            continue
        try:
            return hook.get_connection(CONNECTION_ID)
        except Exception:  # noqa: BLE001 - no such connection: fall back to the environment
            return None
    return None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Turns every redirect into the ``HTTPError`` of its 3xx status: the event and its signature
    headers are for the configured URL only."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001, ANN201 - urllib's signature
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post_event(settings: Settings, payload: dict, webhook_id: Optional[str] = None) -> bool:
    """Signs and posts one event; ``True`` when the bot took it. Never raises."""
    try:
        # "replace": a lone surrogate (from a badly decoded exception text) becomes "?" instead of
        # making the whole event unencodable.
        body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "replace")
        webhook_id = webhook_id or f"msg_{uuid.uuid4().hex}"
    except Exception:  # noqa: BLE001 - a payload that cannot be encoded must not fail the task
        log.exception("airflow-slack-ops: could not encode the alert event")
        return False
    for attempt in range(1, ATTEMPTS + 1):
        timestamp = int(time.time())
        request = urllib.request.Request(
            settings.url,
            data=body,
            method="POST",
            headers={
                "content-type": "application/json",
                "webhook-id": webhook_id,
                "webhook-timestamp": str(timestamp),
                "webhook-signature": sign(settings.secret, webhook_id, timestamp, body),
            },
        )
        try:
            with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - URL is configuration
                log.info("airflow-slack-ops: %s sent (%s)", payload.get("event"), response.status)
                return True
        except urllib.error.HTTPError as error:
            if 300 <= error.code < 400:
                log.error(
                    "airflow-slack-ops: the alerts URL answered with a redirect (%s to %s), which is not followed: "
                    "configure the URL it points to",
                    error.code,
                    error.headers.get("location") if error.headers is not None else None,
                )
                return False
            if 400 <= error.code < 500 and error.code not in (408, 409, 429):
                log.error("airflow-slack-ops: the bot refused the alert (%s): %s", error.code, _read(error))
                return False
            log.warning("airflow-slack-ops: attempt %d failed (%s)", attempt, error.code)
        except Exception as error:  # noqa: BLE001 - network down, timeout, bad URL: log, never raise
            log.warning("airflow-slack-ops: attempt %d failed: %s", attempt, error)
    log.error("airflow-slack-ops: could not send %s after %d attempts", payload.get("event"), ATTEMPTS)
    return False


def _read(error: urllib.error.HTTPError) -> str:
    try:
        return error.read(500).decode("utf-8", "replace")
    except Exception:  # noqa: BLE001
        return ""


def notify(event: str, context: Mapping[str, Any]) -> bool:
    """Builds, signs and sends ``event`` for ``context``. Never raises."""
    try:
        settings = load_settings()
        if settings is None:
            log.error(
                "airflow-slack-ops: not configured (connection %r or AIRFLOW_SLACK_OPS_URL/_SECRET/_DEPLOYMENT)",
                CONNECTION_ID,
            )
            return False
        return post_event(settings, build_event(event, context, settings.deployment))
    except Exception:  # noqa: BLE001 - a callback must never fail the task
        log.exception("airflow-slack-ops: could not send %s", event)
        return False


def after_an_earlier_try(task_instance: Any, counts_next_try: bool = False) -> bool:
    """Whether this try came after an earlier one (a retry or a clear): only then can its success
    resolve an alert. ``counts_next_try``: Airflow before 2.10, whose ``try_number`` of a finished
    task is already the next try's."""
    try:
        try_number = getattr(task_instance, "try_number", None)
        if not isinstance(try_number, int):
            return False
        state = getattr(task_instance, "state", None)
        if counts_next_try and str(getattr(state, "value", state)).lower() != "running":
            try_number -= 1
        return try_number > 1
    except Exception:  # noqa: BLE001
        return False


def on_task_failure(context: Mapping[str, Any]) -> None:
    notify("task_instance.failed", context)


def on_task_retry(context: Mapping[str, Any]) -> None:
    notify("task_instance.up_for_retry", context)


def on_task_success(context: Mapping[str, Any]) -> None:
    notify("task_instance.success", context)


def on_dag_failure(context: Mapping[str, Any]) -> None:
    notify("dag_run.failed", context)


def on_dag_success(context: Mapping[str, Any]) -> None:
    notify("dag_run.success", context)


def _base_notifier() -> Any:
    for module in ("airflow.sdk", "airflow.notifications.basenotifier"):
        try:
            return getattr(__import__(module, fromlist=["BaseNotifier"]), "BaseNotifier")
        except Exception:  # noqa: BLE001 - not this Airflow, or no Airflow at all
            continue
    return None


_BaseNotifier = _base_notifier()

if _BaseNotifier is not None:

    class SlackOpsNotifier(_BaseNotifier):  # type: ignore[misc, valid-type]
        """``on_failure_callback=SlackOpsNotifier("task_instance.failed")`` on a task or a DAG."""

        template_fields = ()

        def __init__(self, event: str = "task_instance.failed") -> None:
            super().__init__()
            self.event = event

        def notify(self, context: Mapping[str, Any]) -> None:
            notify(self.event, context)


if __name__ == "__main__":  # a manual test: python3 airflow_slack_ops_notifier.py <event> <dag_id> <run_id> [task_id]
    import sys
    from types import SimpleNamespace

    logging.basicConfig(level=logging.INFO)
    args = sys.argv[1:]
    if len(args) < 3:
        sys.exit("usage: airflow_slack_ops_notifier.py <event> <dag_id> <run_id> [task_id] [try_number]")
    fake_ti = SimpleNamespace(
        dag_id=args[1],
        run_id=args[2],
        task_id=args[3] if len(args) > 3 else None,
        map_index=-1,
        try_number=int(args[4]) if len(args) > 4 else None,
    )
    sys.exit(0 if notify(args[0], {"ti": fake_ti}) else 1)
