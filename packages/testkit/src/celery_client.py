"""A stock Python Celery 5.2 client for the interop tests.

argv[1]: JSON {"broker_url", "backend_url"} plus "queue_url" (SQS: the celery queue's URL) or
"azurite_connection_string" (Azure Storage Queues on Azurite); argv[2]: "send" or "canvas".

send: stdin is a JSON list of calls {"name", "args", "kwargs", "options", "timeout", "no_wait"}.
Sends them all, then waits for each result. stdout: a JSON list of outcomes.

canvas: stdin is a JSON list of cases {"code", "timeout"}. Each case's code runs with `app`,
`s(name, *args, **kwargs)` (a signature by task name), `chain`, `group`, `chord`, `xmap`,
`xstarmap`, `chunks`, `time`, and must bind `result` (an AsyncResult or GroupResult) and may bind
`also` (more results to wait for) and `seen` (anything JSON the code observed, e.g. states read
mid-task). stdout: a JSON list, per case, of
{"result": outcome, "parents": [[id, state], ...], "also": [outcome, ...], "seen": ...}.

An outcome is {"id", "state", "result_repr"} or {"id", "state", "exc_class", "exc_args"}.
"""
import json
import sys
import time

from celery import Celery, chain, chord, group
from celery.canvas import chunks, xmap, xstarmap

config = json.loads(sys.argv[1])
if "azurite_connection_string" in config:
    # kombu 5.2's azurestoragequeues transport wants the legacy QueueService, which Debian's v12
    # SDK lacks, and cannot reach a local endpoint: hand it the legacy class, bound to Azurite.
    import kombu.transport.azurestoragequeues as azure_queues
    from azure.multiapi.storage.v2018_11_09.queue import QueueService

    class AzuriteQueueService(QueueService):
        def __init__(self, **_ignored):
            super().__init__(connection_string=config["azurite_connection_string"])

    azure_queues.QueueService = AzuriteQueueService

app = Celery("interop", broker=config["broker_url"], backend=config["backend_url"])
if "queue_url" in config:
    # "queue_name": the kombu queue behind queue_url (default "celery"; "x.fifo" for a FIFO queue).
    queue_name = config.get("queue_name", "celery")
    app.conf.task_default_queue = queue_name
    app.conf.broker_transport_options = {
        "region": "us-east-1",
        "predefined_queues": {
            queue_name: {"url": config["queue_url"], "access_key_id": "test", "secret_access_key": "test"}
        },
    }


# Seconds a get() waits unless the call says otherwise. The first get of a run also waits for the
# function's cold start (its first message loads modules), which a loaded machine stretches to
# well over 10 s: twice the 30 s that used to be the default leaves room for that.
DEFAULT_TIMEOUT = 60


def s(name, *args, **kwargs):
    return app.signature(name, args=args, kwargs=kwargs)


def outcome(result, timeout):
    entry = {"id": result.id}
    try:
        entry["result_repr"] = repr(result.get(timeout=timeout, propagate=True))
    except Exception as e:
        entry["exc_class"] = type(e).__module__ + "." + type(e).__qualname__
        entry["exc_args"] = [repr(a) for a in e.args]
    entry["state"] = getattr(result, "state", None)
    return entry


def send(calls):
    sent = [(app.send_task(c["name"], args=c.get("args", []), kwargs=c.get("kwargs", {}),
                           **c.get("options", {})), c) for c in calls]
    return [{"id": result.id} if call.get("no_wait") else outcome(result, call.get("timeout", DEFAULT_TIMEOUT))
            for result, call in sent]


def canvas(cases):
    out = []
    for case in cases:
        scope = {"app": app, "s": s, "chain": chain, "group": group, "chord": chord,
                 "xmap": xmap, "xstarmap": xstarmap, "chunks": chunks, "time": time}
        exec(case["code"], scope)
        timeout = case.get("timeout", DEFAULT_TIMEOUT)
        entry = {"result": outcome(scope["result"], timeout), "parents": [],
                 "also": [outcome(r, timeout) for r in scope.get("also", [])]}
        if "seen" in scope:
            entry["seen"] = scope["seen"]
        parent = getattr(scope["result"], "parent", None)
        while parent is not None:
            entry["parents"].append([parent.id, getattr(parent, "state", None)])
            parent = parent.parent
        out.append(entry)
    return out


print(json.dumps((canvas if sys.argv[2] == "canvas" else send)(json.load(sys.stdin))))
