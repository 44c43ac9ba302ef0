"""Result vectors: an embedded Celery worker runs real tasks through the real backend classes."""
import json
import os
import subprocess
import sys
import time

import celery
from celery import Celery, chain, chord, group
from celery.result import AsyncResult, GroupResult

import pinning
from embedded_worker import MEMORY_BROKER, embedded_worker
from pinning import PINS, own_id
from result_stores import STORES

HERE = os.path.dirname(os.path.abspath(__file__))
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
# A two-part chord in counter mode (Celery 5.4+ on DynamoDB): group id drawn by the client, header, body.
CHORD = ('4f2bc2dc-9d71-4af1-a4e3-63eab7de3799',
         ['e0696abe-014d-568d-b94d-55041eb83416', 'efb2c563-4819-5f16-b0f6-b51198b71d5a'],
         '8be3bf67-9ccd-518c-becb-700f1f69932c')
GROUP_RECORD = ('35540730-1074-5fa9-8f47-070879895952',
                ['7855ccbf-8435-5691-8470-de66b569d55a', 'b487c4f1-7597-5930-8f22-884ca522e491'])
META = 'celery-task-meta-'


def _app(store, extended, **conf):
    from kombu import pools

    pools.reset()
    app = Celery('proj', set_as_current=True)
    app.conf.update(result_backend=store.url(extended), **MEMORY_BROKER, **store.conf(extended), **conf)
    import proj.tasks  # noqa: F401
    app.finalize()
    return app


def _wait(store, recorder, wanted, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(store.find(recorder, key, state) for key, state in wanted):
            return
        time.sleep(0.01)
    missing = [key for key, state in wanted if not store.find(recorder, key, state)]
    raise TimeoutError(f'no record for {missing}')


def _run_worker(store, extended, send, wanted, **conf):
    recorder = store.install()
    app = _app(store, extended, **conf)
    with embedded_worker(app):
        send(app)
        _wait(store, recorder, wanted)
    return recorder


def _input_of(doc):
    """`input`: what the worker had to store, read back from the stored document."""
    out = {'task_id': doc['task_id'], 'state': doc['status']}
    result = doc['result']
    if doc['status'] in ('FAILURE', 'RETRY', 'REVOKED') and isinstance(result, dict) and 'exc_type' in result:
        out['exception'] = result
    else:
        out['result'] = result
    request_keys = ('name', 'args', 'kwargs', 'worker', 'retries', 'queue')
    out.update({
        'traceback': doc['traceback'], 'children': doc['children'], 'group_id': doc.get('group_id'),
        'parent_id': doc.get('parent_id'),
        'request': {k: doc[k] for k in request_keys} if 'name' in doc else None,
        'ignore_result': False,
    })
    return out


def _send_tasks(cases):
    def send(app):
        for task_id, _, name, args, kwargs, options in cases.values():
            app.tasks[f'proj.tasks.{name}'].apply_async(args, kwargs, task_id=task_id, **options)
    return send


def _send_main(app):
    _send_tasks(TASK_CASES)(app)
    group([app.tasks['proj.tasks.add'].s(2, 2).set(task_id=GROUP_MEMBER[0])]).apply_async(task_id=GROUP_MEMBER[1])
    chain(app.tasks['proj.tasks.fail_value'].s(2).set(task_id=own_id('chain-failure/0')),
          app.tasks['proj.tasks.add'].s(1).set(task_id=own_id('chain-failure/1')),
          app.tasks['proj.tasks.add'].s(2).set(task_id=CHAIN_LAST)).apply_async()


def _send_chord(app):
    group_id, header, body = CHORD
    PINS.uuid4s = [group_id]
    add, tsum = app.tasks['proj.tasks.add'], app.tasks['proj.tasks.tsum']
    chord([add.s(1, 2).set(task_id=header[0]), add.s(3, 4).set(task_id=header[1])],
          tsum.s().set(task_id=body)).apply_async()


def _add_client_blocks(store, vectors, reads):
    """Ask a separate Python process, which never ran a task, what a client reports for each record."""
    cases = list(reads)
    request = json.dumps([{'store': store.name, 'extended': extended, 'kind': kind, 'id': ident, 'record': record}
                          for kind, ident, extended, record in (reads[c] for c in cases)])
    run = subprocess.run([sys.executable, os.path.join(HERE, 'read_client.py')], input=request,
                         capture_output=True, text=True, check=True)
    for case, block in zip(cases, json.loads(run.stdout)):
        vectors[case]['client'] = block


def generate(celery_version, store_name):
    store = STORES[store_name]
    store.install()  # before the backend module is imported: the gs:// one needs its libraries (or stand-ins) first
    pinning.import_more(f'celery.backends.{store_name}', 'celery.worker.request', 'celery.worker.strategy')
    out, reads = {}, {}

    def keep(case, stored, input_block, kind, ident, extended=False):
        reads[case] = (kind, ident, extended, store.reader_input(stored))
        out[case] = {'case': case, 'celery': celery_version, 'backend': store.name, 'input': input_block,
                     'stored': stored, 'client': None}

    def keep_task(recorder, case, task_id, state, extended=False):
        stored = store.find(recorder, store.key(META, task_id), state)
        keep(case, stored, _input_of(store.document(stored)), 'task', task_id, extended)

    wanted = [(store.key(META, c[0]), c[1]) for c in TASK_CASES.values()]
    wanted += [(store.key(META, GROUP_MEMBER[0]), 'SUCCESS'), (store.key(META, CHAIN_LAST), 'FAILURE')]
    recorder = _run_worker(store, False, _send_main, wanted)
    for case, (task_id, state, *_rest) in TASK_CASES.items():
        keep_task(recorder, case, task_id, state)
    keep_task(recorder, 'group-member', GROUP_MEMBER[0], 'SUCCESS')
    keep_task(recorder, 'chain-failure-propagated', CHAIN_LAST, 'FAILURE')

    wanted = [(store.key(META, c[0]), c[1]) for c in EXTENDED_CASES.values()]
    recorder = _run_worker(store, True, _send_tasks(EXTENDED_CASES), wanted, result_extended=True)
    for case, (task_id, state, *_rest) in EXTENDED_CASES.items():
        keep_task(recorder, case, task_id, state, extended=True)

    # A group record is the client's own write (GroupResult.save), no worker involved.
    recorder = store.install()
    app = _app(store, False)
    group_id, member_ids = GROUP_RECORD
    GroupResult(group_id, [AsyncResult(i, app=app) for i in member_ids], app=app).save()
    stored = store.find(recorder, store.key('celery-taskset-meta-', group_id), None)
    keep('group-record', stored, {'group_id': group_id, 'result': store.document(stored)['result']}, 'group', group_id)

    if store.name == 'dynamodb' and tuple(int(p) for p in celery.__version__.split('.')[:2]) >= (5, 4):
        recorder = _run_worker(store, False, _send_chord, [(store.key(META, CHORD[2]), 'SUCCESS')],
                               task_track_started=True)
        stored = store.find(recorder, store.key(META, CHORD[2]), 'SUCCESS')
        group_id, header, body = CHORD
        keep('chord-counter', stored, {'group_id': group_id, 'header': header, 'body': body}, 'task', body)
        out['chord-counter']['calls'] = store.calls(recorder)

    _add_client_blocks(store, out, reads)
    return out
