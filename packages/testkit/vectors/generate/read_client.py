"""What a fresh Python client reports for stored DynamoDB records.

stdin: a JSON list of records, stdout: one JSON answer per record. This process never ran a task,
and each record is read by a new Celery app whose table holds that record alone.
"""
import base64
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

import recorders  # noqa: E402


def python_item(wire_item):
    """The item as boto3 returns it: binary values as bytes."""
    out = {}
    for name, value in wire_item.items():
        (kind, v), = value.items()
        out[name] = {kind: base64.b64decode(v) if kind == 'B' else v}
    return out


def read(request):
    item = python_item(request['item'])
    recorders.install_dynamodb(recorders.DynamoDbRecorder({item['id']['S']: item}))
    app = Celery('reader', backend=request['backend'], set_as_current=True)
    if request['kind'] == 'group':
        restored = GroupResult.restore(request['id'], app=app)
        out = {'restored': restored is not None, 'id': restored.id,
               'results': [r.id for r in restored.results]}
    else:
        result = app.AsyncResult(request['id'])
        out = {'state': result.state, 'ready': result.ready(), 'successful': result.successful()}
        if not result.ready():
            out['result_repr'] = repr(result.result)
        else:
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
