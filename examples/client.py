"""A stock Python Celery client talking to `celery-cloud dev --provider aws`.

Start the dev stack with `--config-out FILE` (or `--json`); it writes one JSON line (broker URL, queue URL, result
backend URL). Give that line to this script as its argument, as a file holding it, or in the
environment variable CELERY_CLOUD_DEV_CONFIG:

    pnpm --silent celery-cloud dev --provider aws --tasks examples/tasks.ts \
      --functions examples/functions.ts --tasks-file examples/routes.json --config-out .tmp/dev.json &
    /usr/bin/python3 examples/client.py .tmp/dev.json

Needs Debian's python3-celery (5.2) and python3-boto3; nothing else.
"""

import json
import os
import sys
import time

from celery import Celery


def load_config(wait_seconds=120):
    source = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CELERY_CLOUD_DEV_CONFIG")
    if not source:
        sys.exit("usage: client.py <dev --json line | file holding it>  (or set CELERY_CLOUD_DEV_CONFIG)")
    if not source.lstrip().startswith("{"):
        # The stack writes the file (--config-out) once it is ready, all at once: wait for it.
        deadline = time.monotonic() + wait_seconds
        while not os.path.exists(source):
            if time.monotonic() > deadline:
                sys.exit(f"{source} did not appear in {wait_seconds} s: is `celery-cloud dev --config-out {source}` running?")
            time.sleep(0.2)
        with open(source, encoding="utf-8") as f:
            source = f.readline()
    return json.loads(source)


def make_app(config):
    app = Celery("client", broker=config["broker_url"], backend=config["backend_url"])
    app.conf.broker_transport_options = config["transport_options"]
    app.conf.task_default_queue = config["queue"]
    return app


def main():
    app = make_app(load_config())
    calls = [
        ("tasks.add", (2, 3)),
        ("tasks.mul", (4, 5)),
        ("tasks.tsum", ([1, 2, 3, 4],)),
        ("tasks.flaky", ("hello",)),
        ("remote.greet", ("Ada",)),  # routed to lambda://greet by examples/routes.json
        ("tasks.fail", ("bad input",)),
    ]
    results = [(name, args, app.send_task(name, args=args)) for name, args in calls]
    for name, args, result in results:
        try:
            value = result.get(timeout=60)
            print(f"{name}{args!r} -> {value!r}  [{result.state}]")
        except Exception as error:  # the task's own exception class, rebuilt by Celery
            print(f"{name}{args!r} raised {type(error).__name__}({error})  [{result.state}]")


if __name__ == "__main__":
    main()
