"""DynamoDB result vectors: an embedded Celery worker runs real tasks through the real backend class."""
import json
import os
import subprocess
import sys
import time

from celery import Celery, chain, group
from celery.result import AsyncResult, GroupResult

import pinning
import recorders
from pinning import CLIENT, PINS, WORKER, own_id

HERE = os.path.dirname(os.path.abspath(__file__))
BACKEND = 'dynamodb://@us-east-1/celery'
EXTENDED_BACKEND = 'dynamodb://@us-east-1/celery?ttl_seconds=3600'
PAST = pinning.NOW.replace(hour=11)

# case: (task id, state of the record kept, task name, args, kwargs, apply_async options)
TASK_CASES = {
    'success-int': ('23b32ab1-56dc-510b-8932-56b714fc1bcd', 'SUCCESS', 'echo', (42,), {}, {}),
    'success-string': ('8155b7df-31eb-59df-8ec6-8a21ad0a322c', 'SUCCESS', 'echo', ('done',), {}, {}),
    'success-none': ('a6902392-6ff6-5152-a440-ae8c91cadd31', 'SUCCESS', 'noop', (), {}, {}),
    'success-dict': ('e7e19fbb-b259-50fe-9ab7-da897445a1ae', 'SUCCESS', 'echo',
                     ({'status': 'ok', 'count': 3, 'ratio': 0.75, 'tags': ['a', 'b']},), {}, {}),
    'success-list': ('c096e128-2137-5845-b935-db42fee438a7', 'SUCCESS', 'echo', ([1, 'two', 3.0, None, [4]],), {}, {}),
    'success-unicode': ('7fe3f68f-a6a2-5d6f-bb68-0a7f8748da17', 'SUCCESS', 'echo', ('héllo ✓ 日本 🚀',), {}, {}),
    'success-large-int': ('177d098d-b3a7-5ded-ad8b-56b96bacdae2', 'SUCCESS', 'echo', (2**70 + 1,), {}, {}),
    'failure-valueerror': ('8fa0c0ba-72ca-55df-97c6-6c85cc27616c', 'FAILURE', 'fail_value', ('invalid amount',), {}, {}),
    'failure-keyerror': ('237b8cf6-20b9-5afa-81f3-834c13615cfd', 'FAILURE', 'fail_key', ('api_key',), {}, {}),
    'failure-zerodivision': ('33e0cb53-f444-584f-b495-2344df447d20', 'FAILURE', 'fail_zero', (1,), {}, {}),
    'failure-typeerror-two-args': ('37ced58c-9396-510e-9838-16f6720918fa', 'FAILURE', 'fail_type', (), {}, {}),
    'failure-custom-exception': ('e54f1e9d-c2f9-5b2c-8978-69ec22e2abad', 'FAILURE', 'fail_custom',
                                 ('card_declined',), {}, {}),
    'failure-nonstring-args': ('208bd988-1e12-5c47-86af-54d675907367', 'FAILURE', 'fail_nonstr', (), {}, {}),
    'started': ('f76c0688-4849-5b50-81f4-9e92b5007430', 'STARTED', 'tracked', (), {}, {}),
    'retry': ('3d046599-cf44-597d-8f3f-efa41fe0a22e', 'RETRY', 'flaky', (1,), {}, {}),
    'revoked-expired': ('1d4acf83-5502-508e-abe3-abe4ea39e99a', 'REVOKED', 'add', (1, 1), {}, {'expires': PAST}),
    'custom-state-progress': ('19392d16-8d21-5285-b22c-43361304b162', 'PROGRESS', 'progress', (10,), {}, {}),
}
EXTENDED_CASES = {
    'result-extended': ('6a91935d-a7e0-5292-91cc-8675aa864b5b', 'SUCCESS', 'greet', ('Ada',), {'punctuation': '?'}, {}),
}
GROUP_MEMBER = ('8ea0e84e-c6dc-53df-b804-298f6a3511de', 'e6309602-783c-5c12-8f03-33813901c35c')
CHAIN_LAST = 'a968a582-1f11-5616-aaf3-a61457a8781a'
GROUP_RECORD = ('35540730-1074-5fa9-8f47-070879895952',
                ['7855ccbf-8435-5691-8470-de66b569d55a', 'b487c4f1-7597-5930-8f22-884ca522e491'])


def _app(backend, **conf):
    from kombu import pools

    pools.reset()
    app = Celery('proj', set_as_current=True)
    app.conf.update(broker_url='memory://', result_backend=backend, **conf)
    import proj.tasks  # noqa: F401
    app.finalize()
    return app


def _record(recorder, key, state):
    """The last PutItem of `key` whose document has `state`."""
    for op, params, wire in reversed(recorder.calls):
        if op == 'PutItem' and params['Item']['id']['S'] == key:
            doc = json.loads(params['Item']['result']['B'])
            if state is None or doc.get('status') == state:
                return params, wire
    return None


def _wait(recorder, wanted, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(_record(recorder, key, state) for key, state in wanted):
            return
        time.sleep(0.01)
    missing = [key for key, state in wanted if not _record(recorder, key, state)]
    raise TimeoutError(f'no record for {missing}')


def _meta_key(task_id):
    return str(f'celery-task-meta-{task_id}'.encode())


def _run_worker(backend, send, wanted, **conf):
    recorder = recorders.DynamoDbRecorder()
    recorders.install_dynamodb(recorder)
    app = _app(backend, **conf)
    from celery.app.trace import setup_worker_optimizations
    from celery.contrib.testing.worker import start_worker

    # What `celery worker` does at start-up and the embedded worker skips: the fast tracer, the stack
    # protection frame every stored traceback shows, and the node name requests carry.
    setup_worker_optimizations(app, WORKER['nodename'])
    PINS.role = WORKER
    PINS.uuid4s = []
    with start_worker(app, perform_ping_check=False, loglevel='CRITICAL', shutdown_timeout=5):
        send(app)
        _wait(recorder, wanted)
    PINS.role = CLIENT
    return recorder


def _input_of(doc):
    """`input`: what the worker had to store, read back from the stored document."""
    out = {'task_id': doc['task_id'], 'state': doc['status']}
    result = doc['result']
    if doc['status'] in ('FAILURE', 'RETRY', 'REVOKED') and isinstance(result, dict) and 'exc_type' in result:
        out['exception'] = result
    else:
        out['result'] = result
    out.update({
        'traceback': doc['traceback'], 'children': doc['children'], 'group_id': doc.get('group_id'),
        'parent_id': doc.get('parent_id'),
        'request': {k: doc[k] for k in ('name', 'args', 'kwargs', 'worker', 'retries', 'queue')} if 'name' in doc else None,
        'ignore_result': False,
    })
    return out


def _stored(params, wire):
    return {'TableName': params['TableName'], 'Item': wire['Item'],
            'result': json.loads(params['Item']['result']['B']), 'result_b64': wire['Item']['result']['B']}


def _add_client_blocks(vectors, reads):
    """Ask a separate Python process, which never ran a task, what a client reports for each record."""
    cases = list(reads)
    request = json.dumps([{'kind': kind, 'id': ident, 'item': item, 'backend': BACKEND}
                          for kind, ident, item in (reads[c] for c in cases)])
    run = subprocess.run([sys.executable, os.path.join(HERE, 'read_client.py')], input=request,
                         capture_output=True, text=True, check=True)
    for case, block in zip(cases, json.loads(run.stdout)):
        vectors[case]['client'] = block


def _vector(case, celery_version, params, wire, input_block, kind, ident, reads):
    reads[case] = (kind, ident, wire['Item'])
    return {'case': case, 'celery': celery_version, 'backend': 'dynamodb', 'input': input_block,
            'stored': _stored(params, wire), 'client': None}


def generate(celery_version):
    pinning.import_more('celery.backends.dynamodb', 'celery.worker.request', 'celery.worker.strategy')
    out = {}
    reads = {}

    def send_all(app):
        for task_id, _, name, args, kwargs, options in TASK_CASES.values():
            app.tasks[f'proj.tasks.{name}'].apply_async(args, kwargs, task_id=task_id, **options)
        members = [app.tasks['proj.tasks.add'].s(2, 2).set(task_id=GROUP_MEMBER[0])]

        group(members).apply_async(task_id=GROUP_MEMBER[1])
        chain(app.tasks['proj.tasks.fail_value'].s(2).set(task_id=own_id('chain-failure/0')),
              app.tasks['proj.tasks.add'].s(1).set(task_id=own_id('chain-failure/1')),
              app.tasks['proj.tasks.add'].s(2).set(task_id=CHAIN_LAST)).apply_async()

    wanted = [(_meta_key(c[0]), c[1]) for c in TASK_CASES.values()]
    wanted += [(_meta_key(GROUP_MEMBER[0]), 'SUCCESS'), (_meta_key(CHAIN_LAST), 'FAILURE')]
    recorder = _run_worker(BACKEND, send_all, wanted)
    for case, (task_id, state, *_rest) in TASK_CASES.items():
        params, wire = _record(recorder, _meta_key(task_id), state)
        out[case] = _vector(case, celery_version, params, wire, _input_of(json.loads(params['Item']['result']['B'])),
                            'task', task_id, reads)
    for case, task_id, state in (('group-member', GROUP_MEMBER[0], 'SUCCESS'),
                                 ('chain-failure-propagated', CHAIN_LAST, 'FAILURE')):
        params, wire = _record(recorder, _meta_key(task_id), state)
        out[case] = _vector(case, celery_version, params, wire, _input_of(json.loads(params['Item']['result']['B'])),
                            'task', task_id, reads)

    def send_extended(app):
        for task_id, _, name, args, kwargs, options in EXTENDED_CASES.values():
            app.tasks[f'proj.tasks.{name}'].apply_async(args, kwargs, task_id=task_id, **options)

    recorder = _run_worker(EXTENDED_BACKEND, send_extended,
                           [(_meta_key(c[0]), c[1]) for c in EXTENDED_CASES.values()], result_extended=True)
    for case, (task_id, state, *_rest) in EXTENDED_CASES.items():
        params, wire = _record(recorder, _meta_key(task_id), state)
        out[case] = _vector(case, celery_version, params, wire, _input_of(json.loads(params['Item']['result']['B'])),
                            'task', task_id, reads)

    # A group record is the client's own write (GroupResult.save), no worker involved.
    recorder = recorders.DynamoDbRecorder()
    recorders.install_dynamodb(recorder)
    app = _app(BACKEND)
    group_id, member_ids = GROUP_RECORD
    GroupResult(group_id, [AsyncResult(i, app=app) for i in member_ids], app=app).save()
    key = str(f'celery-taskset-meta-{group_id}'.encode())
    params, wire = _record(recorder, key, None)
    doc = json.loads(params['Item']['result']['B'])
    out['group-record'] = _vector('group-record', celery_version, params, wire,
                                  {'group_id': group_id, 'result': doc['result']}, 'group', group_id, reads)
    _add_client_blocks(out, reads)
    return out
