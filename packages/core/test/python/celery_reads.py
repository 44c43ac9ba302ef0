"""Feed what our codec wrote to Celery 5.2's own reading code; print what Celery saw.

stdin: JSON lines {"kind": "message", "sqs_body": ...} or {"kind": "meta", "text": ...}.
stdout: one JSON line per input line.
"""
import json
import sys
import types

from celery import Celery
from kombu import Connection
from kombu.transport import SQS
from kombu.transport.virtual.base import Message
from celery.worker.request import Request

app = Celery("interop", set_as_current=False)
app.conf.accept_content = ["json"]

channel = Connection("memory://").default_channel
fake_sqs = types.SimpleNamespace(_noack_queues=set(), sqs_base64_encoding=True)
fake_sqs._optional_b64_decode = SQS.Channel._optional_b64_decode


def run(self, *args, **kwargs):
    return None


def read_message(body):
    payload = SQS.Channel._message_to_python(fake_sqs, {"Body": body, "ReceiptHandle": "rh"}, "celery", None)
    message = Message(payload, channel=channel)
    task = app.task(name=message.headers["task"], bind=True)(run)
    request = Request(message, app=app, task=task)
    return {
        "id": request.id,
        "task": request.task_name,
        "args": list(request.args),
        "kwargs": request.kwargs,
        "eta": request.eta.isoformat() if request.eta else None,
        "expires": request.expires.isoformat() if request.expires else None,
        "retries": request.request_dict["retries"],
        "root_id": request.root_id,
        "parent_id": request.parent_id,
        "argsrepr": request.argsrepr,
        "content_type": message.content_type,
    }


def read_meta(text):
    meta = app.backend.meta_from_decoded(app.backend.decode_result(text.encode()))
    out = {"status": meta["status"], "date_done": str(meta.get("date_done"))}
    result = meta["result"]
    if isinstance(result, BaseException):
        out["exc_class"] = type(result).__module__ + "." + type(result).__qualname__
        out["exc_args"] = [repr(a) for a in result.args]
    else:
        out["result_repr"] = repr(result)
    return out


for line in sys.stdin:
    item = json.loads(line)
    try:
        answer = read_message(item["sqs_body"]) if item["kind"] == "message" else read_meta(item["text"])
    except Exception as e:  # reported, so the test shows what Celery refused
        answer = {"error": type(e).__name__ + ": " + str(e)}
    print(json.dumps(answer), flush=True)
