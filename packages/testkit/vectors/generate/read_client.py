"""What a fresh Python client reports for stored result records.

stdin: a JSON list of records, stdout: one JSON answer per record. This process never ran a task,
and each record is read by a new Celery app whose store holds that record alone.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import proj_loader  # noqa: E402

proj_loader.install()

import proj.errors  # noqa: E402,F401  (a real client imports its task modules)
from celery import Celery  # noqa: E402
from celery.result import GroupResult  # noqa: E402

from result_stores import STORES  # noqa: E402


def read(request):
    store = STORES[request['store']]
    store.install(store.reader_records(request['record']))
    app = Celery('reader', set_as_current=True)
    app.conf.update(result_backend=store.url(request['extended']), **store.conf(request['extended']))
    if request['kind'] == 'group':
        restored = GroupResult.restore(request['id'], app=app)
        return {'restored': restored is not None, 'id': restored.id, 'results': [r.id for r in restored.results]}
    result = app.AsyncResult(request['id'])
    out = {'state': result.state, 'ready': result.ready(), 'successful': result.successful()}
    if not result.ready():
        out['result_repr'] = repr(result.result)
        return out
    try:
        out['result_repr'] = repr(result.get(timeout=5, propagate=True))
    except Exception as exc:  # noqa: BLE001  (whatever get() raises is the answer)
        cls = type(exc)
        out['raises'] = {'type': f'{cls.__module__}.{cls.__qualname__}', 'args': list(exc.args)}
    return out


def main():
    print(json.dumps([read(request) for request in json.load(sys.stdin)]))


if __name__ == '__main__':
    main()
