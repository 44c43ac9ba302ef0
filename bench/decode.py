"""Python Celery 5.2 decoding the same SQS bodies: the kombu envelope, the body, the protocol.

stdin: JSON {"bodies": [SQS MessageBody, ...], "iterations": N, "runs": R, "warmup": W}.
stdout: JSON list of R figures, microseconds per message, after W untimed passes over the bodies.
"""
import base64
import json
import sys
import time

from kombu.serialization import loads
from kombu.utils.json import loads as json_loads
from celery.utils.time import maybe_iso8601

spec = json.load(sys.stdin)
bodies = spec["bodies"]


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


for _ in range(spec.get("warmup", 0)):
    for b in bodies:
        decode(b)

figures = []
for _ in range(spec["runs"]):
    started = time.perf_counter()
    for _ in range(spec["iterations"]):
        for b in bodies:
            decode(b)
    figures.append((time.perf_counter() - started) * 1e6 / (spec["iterations"] * len(bodies)))
print(json.dumps(figures))
