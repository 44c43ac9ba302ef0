"""A real Python Celery 5.2 worker for the interop tests and benchmarks.

argv[1]: JSON {"broker_url", "queue_url", "backend_url", "pool", "concurrency", and optionally
"wait_time_seconds" (default 1) and "prefetch_multiplier" (default 1)}. Runs until terminated. Tasks: proj.add(a, b), proj.mul(a, b), proj.tsum(values), proj.fail(message) raising
ValueError(message).
"""
import json
import sys

from celery import Celery

config = json.loads(sys.argv[1])
app = Celery("worker", broker=config["broker_url"], backend=config["backend_url"])
app.conf.broker_transport_options = {
    "region": "us-east-1",
    # The emulator answers a long poll only when the batch is full or the wait is over.
    "wait_time_seconds": config.get("wait_time_seconds", 1),
    "predefined_queues": {
        "celery": {"url": config["queue_url"], "access_key_id": "test", "secret_access_key": "test"}
    },
}
app.conf.worker_prefetch_multiplier = config.get("prefetch_multiplier", 1)


@app.task(name="proj.add")
def add(a, b):
    return a + b


@app.task(name="proj.mul")
def mul(a, b):
    return a * b


@app.task(name="proj.tsum")
def tsum(values):
    return sum(values)


@app.task(name="proj.fail")
def fail(message):
    raise ValueError(message)


app.worker_main([
    "worker", "--pool", config.get("pool", "solo"), "--concurrency", str(config.get("concurrency", 1)),
    "-Q", "celery", "--without-heartbeat", "--without-mingle", "--without-gossip", "--loglevel", "WARNING",
])
