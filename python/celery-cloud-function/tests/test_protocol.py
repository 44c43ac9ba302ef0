import datetime
import json
import sys
import threading
import types
import unittest
import urllib.error
import urllib.request
import uuid

from celery_cloud_function import PROTOCOL, Reject, Retry, make_server, remote_function


class PaymentDeclined(Exception):
    pass


@remote_function
def add(x, y, scale=1):
    return (x + y) * scale


@remote_function
def fail(message):
    raise ValueError(message)


@remote_function
def decline():
    raise PaymentDeclined("card 42", 42)


@remote_function(bind=True)
def flaky(self, limit):
    if self.request.retries < limit:
        raise self.retry(countdown=2, max_retries=5, exc=TimeoutError("busy"))
    return {"retries": self.request.retries, "id": self.request.id, "task": self.request.task}


@remote_function
def when(moment):
    return moment


def request(*args, **extra):
    body = {"args": list(args), "kwargs": extra.pop("kwargs", {}), "protocol": PROTOCOL, "id": "t1",
            "name": "proj.f", "retries": 0, "eta": None, "expires": None, "root_id": "t1",
            "parent_id": None, "group": None, "time_left_ms": 5000, "task": "proj.f"}
    body.update(extra)
    return body


class ProtocolTest(unittest.TestCase):
    def test_a_value_is_a_success_answer(self):
        self.assertEqual(add.handle(request(2, 3, kwargs={"scale": 2})),
                         {"protocol": PROTOCOL, "status": "success", "result": 10})

    def test_an_exception_is_a_failure_answer_with_class_module_and_real_traceback(self):
        answer = fail.handle(request("bad size"))
        self.assertEqual(answer["status"], "failure")
        self.assertEqual((answer["exc_type"], answer["exc_module"], answer["exc_message"]),
                         ("ValueError", "builtins", ["bad size"]))
        self.assertTrue(answer["traceback"].startswith("Traceback (most recent call last):\n"))
        self.assertIn('raise ValueError(message)', answer["traceback"])
        self.assertTrue(answer["traceback"].endswith("ValueError: bad size\n"))

    def test_a_custom_exception_keeps_its_module(self):
        answer = decline.handle(request())
        self.assertEqual((answer["exc_type"], answer["exc_module"], answer["exc_message"]),
                         ("PaymentDeclined", __name__, ["card 42", 42]))

    def test_retry_is_a_retry_answer_and_the_bound_task_sees_the_request(self):
        self.assertEqual(flaky.handle(request(1)), {
            "protocol": PROTOCOL, "status": "retry",
            "retry": {"countdown": 2, "max_retries": 5,
                      "exc": {"exc_type": "TimeoutError", "exc_module": "builtins", "exc_message": ["busy"]}}})
        self.assertEqual(flaky.handle(request(1, retries=1))["result"],
                         {"retries": 1, "id": "t1", "task": "proj.f"})

    def test_reject_is_the_reject_answer(self):
        @remote_function
        def busy():
            raise Reject(requeue=True)

        @remote_function
        def unwanted():
            raise Reject("not for us")
        self.assertEqual(busy.handle(request()), {"reject": {"requeue": True}})
        self.assertEqual(unwanted.handle(request()), {"reject": {"requeue": False}})

    def test_retry_at_an_eta_writes_an_aware_time(self):
        @remote_function
        def later():
            raise Retry(eta=datetime.datetime(2030, 1, 1, 12, 0))
        self.assertEqual(later.handle(request())["retry"], {"eta": "2030-01-01T12:00:00+00:00"})

    def test_reads_the_lambda_form_written_before_the_protocol(self):
        legacy = {"args": [1], "kwargs": {}, "task": {"id": "x", "name": "proj.flaky", "retries": 3}}
        self.assertEqual(flaky.handle(legacy)["result"], {"retries": 3, "id": "x", "task": "proj.flaky"})

    def test_type_tags_become_python_values_and_results_plain_json(self):
        answer = when.handle(json.dumps(request({"__type__": "datetime", "__value__": "2030-01-02T03:04:05+00:00"})))
        self.assertEqual(answer["result"], datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc))
        self.assertEqual(when.lambda_handler(request({"__type__": "uuid", "__value__": str(uuid.UUID(int=1))}))["result"],
                         str(uuid.UUID(int=1)))

    def test_an_unreadable_request_is_a_protocol_failure(self):
        answer = add.handle(b"not json")
        self.assertEqual((answer["status"], answer["exc_type"], answer["exc_module"]),
                         ("failure", "ProtocolError", "celery_cloud_function.errors"))

    def test_a_result_that_is_not_json_is_a_failure(self):
        @remote_function
        def opaque():
            return object()
        self.assertEqual(opaque.handle(request())["exc_type"], "TypeError")


class PlatformTest(unittest.TestCase):
    def test_lambda_handler_returns_json_safe_answers(self):
        self.assertEqual(add.lambda_handler(request(1, 2), None)["result"], 3)

    def test_cloud_function_answers_200_json(self):
        flask_request = types.SimpleNamespace(get_data=lambda: json.dumps(request(4, 5)).encode())
        body, status, headers = add.cloud_function(flask_request)
        self.assertEqual((json.loads(body)["result"], status, headers["Content-Type"]), (9, 200, "application/json"))

    def test_azure_function_imports_its_runtime_only_when_called(self):
        class HttpResponse:
            def __init__(self, body, status_code, mimetype):
                self.body, self.status_code, self.mimetype = body, status_code, mimetype
        azure = types.ModuleType("azure")
        functions = types.ModuleType("azure.functions")
        functions.HttpResponse = HttpResponse
        azure.functions = functions
        saved = {name: sys.modules.get(name) for name in ("azure", "azure.functions")}
        sys.modules.update({"azure": azure, "azure.functions": functions})
        try:
            req = types.SimpleNamespace(get_body=lambda: json.dumps(request("nope")).encode())
            response = fail.azure_function(req)
        finally:
            for name, module in saved.items():
                if module is None:
                    sys.modules.pop(name, None)
                else:
                    sys.modules[name] = module
        self.assertEqual((response.status_code, response.mimetype), (200, "application/json"))
        self.assertEqual(json.loads(response.body)["exc_type"], "ValueError")

    def test_http_server_answers_posts_on_loopback(self):
        server = add.make_server(port=0)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}/"
            data = json.dumps(request(20, 22)).encode()
            req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=10) as response:
                self.assertEqual(response.status, 200)
                self.assertEqual(json.loads(response.read())["result"], 42)
        finally:
            server.shutdown()
            server.server_close()

    def test_one_server_hosts_several_functions_by_path(self):
        server = make_server({"/add": add, "/fail": fail}, port=0)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_address[1]}"

        def post(path, body):
            req = urllib.request.Request(base + path, data=json.dumps(body).encode())
            with urllib.request.urlopen(req, timeout=10) as response:
                return json.loads(response.read())
        try:
            self.assertEqual(post("/add", request(1, 1))["result"], 2)
            self.assertEqual(post("/fail", request("x"))["exc_type"], "ValueError")
            with self.assertRaises(urllib.error.HTTPError) as missing:
                post("/nothing", request())
            self.assertEqual(missing.exception.code, 404)
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    unittest.main()
