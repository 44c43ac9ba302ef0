"""Python Celery 5.2 decoding the same SQS bodies: the kombu envelope, the body, the protocol.

A session driven line by line, so that its slices of work can alternate with the other side's.
stdin: first a JSON line {"bodies": [SQS MessageBody, ...], "warmup": W}; then one line per
slice, the number of passes over the bodies to time.
stdout: "ready" once the W untimed passes are done; then, per slice, the microseconds it took.
"""
import base64
import json
import sys
import time

from kombu.serialization import loads
from kombu.utils.json import loads as json_loads
from celery.utils.time import maybe_iso8601


def decode(sqs_body):
    # What kombu's SQS channel does with a received body, then Celery's protocol 2 reading.
    envelope = json_loads(base64.b64decode(sqs_body))
    body = base64.b64decode(envelope["body"])
    headers = envelope["headers"]
    args, kwargs, embed = loads(body, envelope["content-type"], envelope["content-encoding"],
                                accept={"application/json"})
    eta = maybe_iso8601(headers.get("eta"))
    expires = maybe_iso8601(headers.get("expires"))
    return headers["task"], headers["id"], args, kwargs, embed, eta, expires


spec = json.loads(sys.stdin.readline())
bodies = spec["bodies"]
for _ in range(spec["warmup"]):
    for b in bodies:
        decode(b)
print("ready", flush=True)

for line in sys.stdin:
    passes = int(line)
    started = time.perf_counter()
    for _ in range(passes):
        for b in bodies:
            decode(b)
    print((time.perf_counter() - started) * 1e6, flush=True)
