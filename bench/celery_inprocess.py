"""A Celery 5.2 worker in process (solo pool, memory:// broker, in-memory cache backend) running a
trivial task: microseconds per task, send included.

argv[1]: tasks per run; argv[2]: runs. stdout: JSON list of figures.
"""
import json
import sys
import time

from celery import Celery
from celery.contrib.testing.worker import start_worker

app = Celery("bench", broker="memory://", backend="cache+memory://")
app.conf.worker_hijack_root_logger = False


@app.task(name="bench.noop")
def noop(x):
    return x


count, runs = int(sys.argv[1]), int(sys.argv[2])
figures = []
with start_worker(app, pool="solo", perform_ping_check=False, loglevel="ERROR"):
    noop.delay(0).get(timeout=30)
    for _ in range(runs):
        started = time.perf_counter()
        results = [noop.delay(i) for i in range(count)]
        for r in results:
            r.get(timeout=60)
        figures.append((time.perf_counter() - started) * 1e6 / count)
print(json.dumps(figures))
