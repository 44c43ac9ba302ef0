"""A stock Python Celery 5.2 client for the interop tests.

argv[1]: JSON {"broker_url", "queue_url", "backend_url"}. stdin: JSON list of calls
{"name", "args", "kwargs", "options", "timeout"}. Sends them all, then waits for each result.
stdout: a JSON list of {"id", "state", "result_repr"} or {"id", "state", "exc_class", "exc_args"}.
"""
import json
import sys

from celery import Celery

config = json.loads(sys.argv[1])
app = Celery("interop", broker=config["broker_url"], backend=config["backend_url"])
app.conf.broker_transport_options = {
    "region": "us-east-1",
    "predefined_queues": {
        "celery": {"url": config["queue_url"], "access_key_id": "test", "secret_access_key": "test"}
    },
}

calls = json.load(sys.stdin)
sent = [(app.send_task(c["name"], args=c.get("args", []), kwargs=c.get("kwargs", {}), **c.get("options", {})), c) for c in calls]
out = []
for result, call in sent:
    entry = {"id": result.id}
    if call.get("no_wait"):
        out.append(entry)
        continue
    try:
        value = result.get(timeout=call.get("timeout", 30), propagate=True)
        entry["result_repr"] = repr(value)
    except Exception as e:
        entry["exc_class"] = type(e).__module__ + "." + type(e).__qualname__
        entry["exc_args"] = [repr(a) for a in e.args]
    entry["state"] = result.state
    out.append(entry)
print(json.dumps(out))
