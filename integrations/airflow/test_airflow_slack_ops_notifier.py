"""Tests of the notifier: ``python3 -m unittest discover -s integrations/airflow``."""

import datetime
import json
import os
import socket
import threading
import unittest
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import airflow_slack_ops_notifier as notifier

VECTORS = Path(__file__).resolve().parents[2] / "test" / "webhooks" / "signature-vectors.json"
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def context(**ti_fields):
    ti = SimpleNamespace(
        dag_id="etl_daily",
        run_id="scheduled__2026-11-22T00:00:00+00:00",
        task_id="transform",
        map_index=-1,
        try_number=2,
        log_url="http://airflow.example.com/log?x=1",
    )
    for name, value in ti_fields.items():
        setattr(ti, name, value)
    return {
        "ti": ti,
        "task_instance": ti,
        "logical_date": datetime.datetime(2026, 11, 22, tzinfo=datetime.timezone.utc),
        "exception": ValueError("déjà vu"),
    }


class Recorder(BaseHTTPRequestHandler):
    """Answers every request with the next status of ``server.statuses`` and records the request.

    A status given as ``(302, "http://elsewhere/")`` answers with that ``location``.
    """

    def do_POST(self):  # noqa: N802 - the http.server name
        length = int(self.headers.get("content-length", "0"))
        headers = {name.lower(): value for name, value in self.headers.items()}
        self.server.requests.append({"method": self.command, "headers": headers, "body": self.rfile.read(length)})
        status = self.server.statuses.pop(0) if self.server.statuses else 202
        location = None
        if isinstance(status, tuple):
            status, location = status
        self.send_response(status)
        self.send_header("content-type", "application/json")
        if location is not None:
            self.send_header("location", location)
        self.send_header("content-length", "21")
        self.end_headers()
        self.wfile.write(b'{"status":"accepted"}')

    do_GET = do_POST  # noqa: N815 - a redirect followed as a GET must be seen too

    def log_message(self, *args):
        pass


def start_server(statuses):
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    server.requests = []
    server.statuses = list(statuses)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def stop(server):
    server.shutdown()
    server.server_close()


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class BuildEventTest(unittest.TestCase):
    def test_builds_a_task_event_from_an_airflow_like_context(self):
        event = notifier.build_event("task_instance.failed", context(), "prod")
        event.pop("occurred_at")
        self.assertEqual(
            event,
            {
                "version": 1,
                "event": "task_instance.failed",
                "deployment": "prod",
                "dag_id": "etl_daily",
                "run_id": "scheduled__2026-11-22T00:00:00+00:00",
                "logical_date": "2026-11-22T00:00:00+00:00",
                "task_id": "transform",
                "map_index": -1,
                "try_number": 2,
                "log_url": "http://airflow.example.com/log?x=1",
                "exception": "déjà vu",
            },
        )

    def test_builds_a_dag_run_event_without_task_fields(self):
        dag_run = SimpleNamespace(dag_id="etl_daily", run_id="manual__1", logical_date=None)
        event = notifier.build_event("dag_run.failed", {"dag_run": dag_run}, "prod")
        self.assertEqual((event["event"], event["dag_id"], event["run_id"]), ("dag_run.failed", "etl_daily", "manual__1"))
        self.assertNotIn("task_id", event)

    def test_bounds_the_exception_text(self):
        ctx = context()
        ctx["exception"] = "x" * 5000
        self.assertEqual(len(notifier.build_event("task_instance.failed", ctx, "prod")["exception"]), 2000)

    def test_refuses_an_unknown_event_name(self):
        with self.assertRaises(ValueError):
            notifier.build_event("task_instance.exploded", context(), "prod")


class SignTest(unittest.TestCase):
    def test_reproduces_every_shared_signature_vector(self):
        vectors = json.loads(VECTORS.read_text(encoding="utf-8"))["vectors"]
        self.assertGreaterEqual(len(vectors), 2)
        for vector in vectors:
            with self.subTest(vector["name"]):
                body = vector["body"].encode("utf-8")
                self.assertEqual(notifier.sign(vector["secret"], vector["id"], vector["timestamp"], body), vector["signature"])


class PostEventTest(unittest.TestCase):
    def test_signs_the_request_it_sends(self):
        server = start_server([202])
        try:
            settings = notifier.Settings(f"http://127.0.0.1:{server.server_port}/alerts/demo", SECRET, "prod")
            self.assertTrue(notifier.post_event(settings, {"event": "task_instance.failed"}, "msg_fixed"))
            request = server.requests[0]
            headers = request["headers"]
            self.assertEqual(headers["webhook-id"], "msg_fixed")
            expected = notifier.sign(SECRET, "msg_fixed", int(headers["webhook-timestamp"]), request["body"])
            self.assertEqual(headers["webhook-signature"], expected)
        finally:
            stop(server)

    def test_retries_once_with_the_same_webhook_id_after_a_server_error(self):
        server = start_server([503, 202])
        try:
            settings = notifier.Settings(f"http://127.0.0.1:{server.server_port}/alerts/demo", SECRET, "prod")
            self.assertTrue(notifier.post_event(settings, {"event": "task_instance.failed"}))
            ids = [request["headers"]["webhook-id"] for request in server.requests]
            self.assertEqual(len(ids), 2)
            self.assertEqual(ids[0], ids[1])
        finally:
            stop(server)

    def test_does_not_retry_a_refusal(self):
        server = start_server([400, 202])
        try:
            settings = notifier.Settings(f"http://127.0.0.1:{server.server_port}/alerts/demo", SECRET, "prod")
            with self.assertLogs("airflow_slack_ops", level="ERROR"):
                self.assertFalse(notifier.post_event(settings, {"event": "task_instance.failed"}))
            self.assertEqual(len(server.requests), 1)
        finally:
            stop(server)


class RedirectTest(unittest.TestCase):
    def test_a_redirect_is_a_failure_and_is_never_followed(self):
        elsewhere = start_server([202])
        for status in (301, 302, 303, 307, 308):
            with self.subTest(status):
                server = start_server([(status, f"http://127.0.0.1:{elsewhere.server_port}/collect")])
                try:
                    settings = notifier.Settings(f"http://127.0.0.1:{server.server_port}/alerts/demo", SECRET, "prod")
                    with self.assertLogs("airflow_slack_ops", level="ERROR") as logs:
                        self.assertFalse(notifier.post_event(settings, {"event": "task_instance.failed"}))
                    self.assertIn("redirect", "\n".join(logs.output))
                    self.assertEqual(len(server.requests), 1, "a redirect is not worth a second attempt")
                    self.assertEqual(elsewhere.requests, [], "nothing, least of all the signature, goes to the other host")
                finally:
                    stop(server)
        stop(elsewhere)


class UnencodableTextTest(unittest.TestCase):
    def test_a_lone_surrogate_in_the_exception_is_replaced_and_the_event_still_sent(self):
        server = start_server([202])
        try:
            settings = notifier.Settings(f"http://127.0.0.1:{server.server_port}/alerts/demo", SECRET, "prod")
            ctx = context()
            ctx["exception"] = ValueError("bad byte \udce9 in déjà vu")
            event = notifier.build_event("task_instance.failed", ctx, "prod")
            self.assertTrue(notifier.post_event(settings, event))
            sent = json.loads(server.requests[0]["body"].decode("utf-8"))
            self.assertEqual(sent["exception"], "bad byte ? in déjà vu")
            headers = server.requests[0]["headers"]
            expected = notifier.sign(SECRET, headers["webhook-id"], int(headers["webhook-timestamp"]), server.requests[0]["body"])
            self.assertEqual(headers["webhook-signature"], expected)
        finally:
            stop(server)

    def test_an_exception_whose_text_cannot_be_read_is_named_by_its_type(self):
        class Unprintable(Exception):
            def __str__(self):
                raise RuntimeError("no text")

        ctx = context()
        ctx["exception"] = Unprintable()
        self.assertEqual(notifier.build_event("task_instance.failed", ctx, "prod")["exception"], "Unprintable")


class NeverRaisesTest(unittest.TestCase):
    def test_a_callback_returns_quietly_when_the_endpoint_is_down(self):
        env = {
            "AIRFLOW_SLACK_OPS_URL": f"http://127.0.0.1:{closed_port()}/alerts/demo",
            "AIRFLOW_SLACK_OPS_SECRET": SECRET,
            "AIRFLOW_SLACK_OPS_DEPLOYMENT": "prod",
        }
        with mock.patch.dict(os.environ, env), self.assertLogs("airflow_slack_ops", level="ERROR") as logs:
            self.assertIsNone(notifier.on_task_failure(context()))
        self.assertIn("could not send task_instance.failed after 2 attempts", "\n".join(logs.output))

    def test_a_callback_returns_quietly_when_not_configured(self):
        env = {name: "" for name in ("AIRFLOW_SLACK_OPS_URL", "AIRFLOW_SLACK_OPS_SECRET", "AIRFLOW_SLACK_OPS_DEPLOYMENT")}
        with mock.patch.dict(os.environ, env), self.assertLogs("airflow_slack_ops", level="ERROR"):
            self.assertIsNone(notifier.on_dag_failure({}))

    def test_a_callback_returns_quietly_when_the_context_is_broken(self):
        env = {"AIRFLOW_SLACK_OPS_URL": "http://127.0.0.1:9/x", "AIRFLOW_SLACK_OPS_SECRET": "not base64!", "AIRFLOW_SLACK_OPS_DEPLOYMENT": "prod"}
        with mock.patch.dict(os.environ, env), self.assertLogs("airflow_slack_ops", level="ERROR"):
            self.assertIsNone(notifier.on_task_retry(None))


if __name__ == "__main__":
    unittest.main()
