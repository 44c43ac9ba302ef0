"""SQS message cases of Celery 5.6.3 (kombu 5.6.2): stamps, type tags, pass-through SQS options."""
import datetime as dt
import decimal
import random
import uuid

from celery import chain, chord, group
from celery.canvas import StampingVisitor

from pinning import own_id
from sqs_messages import send_retry, sig, worker_vector

CHAIN_IDS = ('8942c076-4161-5132-bc2d-8140274969c3', '0e5759c8-b1f3-5c33-ad5a-ed819aa24b18',
             '9a61f23c-abf0-5111-8d86-c027c1792099')
CHORD_IDS = ('4b1b1f57-2b0b-509c-a88d-02e4b9c630cb', '7a361fa9-c1fd-5d07-a3b0-7e7b8fbef906',
             '53073c6c-f7ce-58ba-9bd7-decc537bb940')
WORDS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta']


def _task(app, name):
    return app.tasks[f'proj.tasks.{name}']


def large_text(size=200_000, seed=20250601):
    """Random Greek-letter words, cut to `size` characters."""
    rng = random.Random(seed)
    words, length = [], 0
    while length <= size:
        words.append(rng.choice(WORDS))
        length += len(words[-1]) + 1
    return ' '.join(words)[:size]


class _MonitoringId(StampingVisitor):
    def on_signature(self, sig, **headers):
        return {'monitoring_id': 'mon-7f3a'}


def _stamped(app):
    s = sig(app, 'add', 2, 2, task_id='e334719a-f80c-577a-bb2d-6b94d2169af8')
    s.stamp(visitor=_MonitoringId())
    s.apply_async()


def _chain_with_group(app):
    chain(sig(app, 'add', 1, 1, task_id='3d4cd210-a9c9-565a-a0d1-d6143be641b9'),
          group(sig(app, 'add', 1, task_id='5493bec8-d30b-5afa-aaf2-1820bd450780'),
                sig(app, 'add', 2, task_id='2856331d-0ad3-59f9-85d5-0d236e3a7fc5')),
          sig(app, 'tsum', task_id='f5030f79-3820-5dd2-a0e9-4d6951500ddd')).apply_async()


def _special(app):
    values = (dt.datetime(2025, 1, 2, 3, 4, 5, 600000, tzinfo=dt.timezone.utc), dt.datetime(2025, 1, 2, 3, 4, 5),
              dt.date(2025, 1, 2), dt.time(3, 4, 5, 123000), decimal.Decimal('12.50'),
              uuid.UUID('12345678-1234-5678-1234-567812345678'), b'raw-bytes', b'\xff\xfe\x00\x01')
    _task(app, 'echo').apply_async(values, {'when': dt.date(2025, 12, 24)},
                                   task_id='11339a45-15e0-5fd1-93f4-154d0e96b118')


def _apply(name, args, kwargs=None, **options):
    def send(app):
        _task(app, name).apply_async(args, kwargs or {}, **options)
    return send


# (files and the index of the captured message each keeps, conf, transport options, send, uuid4s)
CASES_563 = [
    ({'plain-args': 0}, {}, {}, _apply('add', (2, 3), task_id='e1cfab9c-8ba0-5edf-8645-72e4bea16192'),
     ['8aad2a07-aeac-44bb-981e-f957ff5876db']),
    ({'body-encoding-none': 0}, {}, {'body_encoding': None},
     _apply('add', (6, 6), task_id='126fe7d5-98f2-5735-93da-1db0759f790e'), ['94d9aa75-2267-4923-ba5c-5dcf5949f797']),
    ({'chain-3': 0}, {}, {}, lambda app: chain(sig(app, 'add', 1, 2, task_id=CHAIN_IDS[0]),
                                               sig(app, 'add', 3, task_id=CHAIN_IDS[1]),
                                               sig(app, 'add', 4, task_id=CHAIN_IDS[2])).apply_async(),
     ['44e466bd-21b6-433d-930d-8f1138b019fe']),
    ({'chain-with-group': 0}, {'result_backend': 'cache+memory://'}, {}, _chain_with_group,
     ['915bed6f-9391-456d-861c-f2f0804cccd7', '7d14d764-8717-4b29-b0b1-5ae7d2102e06']),
    ({'chord-header': 0}, {'result_backend': 'dynamodb://@us-east-1/celery'}, {},
     lambda app: chord([sig(app, 'add', 1, 1, task_id=CHORD_IDS[0]), sig(app, 'add', 2, 2, task_id=CHORD_IDS[1])],
                       sig(app, 'tsum', task_id=CHORD_IDS[2])).apply_async(),
     ['13d59a44-13bb-43d1-8c61-3c776a0ae436', None, None, 'be1797c5-f461-457b-93a3-61be287b2b0e']),
    ({'compression-gzip': 0}, {}, {},
     _apply('echo', ('compressible ' * 20,), compression='gzip', task_id='5f40323a-460f-5088-b1cd-4550be22ef84'),
     ['2b055690-d20c-41aa-b48b-3601b7ca6b54']),
    ({'countdown-expires': 0}, {}, {},
     _apply('add', (7, 8), countdown=10, expires=60, task_id='01acfa6c-3085-53a2-8407-37789f3c2913'),
     ['1cc1870b-b786-48cc-98dd-f7b3ef621bf6']),
    ({'custom-headers': 0}, {}, {},
     _apply('add', (1, 1), headers={'x-tenant': 'acme', 'x-request-id': 'req-123', 'x-attempt': 2,
                                    'x-meta': {'a': [1, 2]}}, task_id='21335e7f-1600-5b26-ae4a-77ef574cb358'),
     ['aa67b463-8e46-4748-9d43-61f5843539ba']),
    ({'fifo-queue': 0}, {}, {}, _apply('add', (1, 2), queue='jobs.fifo', task_id='c2b50c66-00a9-524d-8d1d-dc267ada57d7'),
     ['3c5629e4-ab60-49a6-aaee-aa31ac5eda28', '9965916d-b049-4c36-bd7c-485d2c07ad56']),
    ({'group-member': 1}, {}, {},
     lambda app: group(sig(app, 'add', 1, 1, task_id=own_id('group-member/0')),
                       sig(app, 'add', 2, 2, task_id='f28d7b2b-ece8-5d79-8483-42c28cef8ad3'),
                       ).apply_async(task_id='232979f2-6b0f-5b14-af3d-c1a2d7a07d97'),
     [None, None, '45a55716-7085-4e9e-85de-e7e0ef00b7fd']),
    ({'ignore-result': 0}, {}, {}, _apply('add', (3, 3), ignore_result=True, task_id='220c524b-f8f3-5292-b13d-252175ce0cf3'),
     ['87f3b901-e1f2-4210-ba75-9c6c7e6a3235']),
    ({'large-argument': 0}, {}, {},
     lambda app: _task(app, 'echo').apply_async((large_text(),), {'size': 200_000},
                                                task_id='f9fd582e-a07a-5e0b-8e29-8fad2ce93554'),
     ['df4b3bac-27d8-4515-8da1-4441a8d5f799']),
    ({'link-error': 0}, {}, {},
     lambda app: _task(app, 'fail_value').apply_async(('boom',), link_error=_link_error_sig(app),
                                                      task_id='5c4a0765-d873-597a-a048-27a55413f312'),
     ['b8ffeed5-ab26-4196-b77d-417a78e67cb4']),
    ({'map': 0}, {}, {},
     lambda app: _task(app, 'add').map([(1, 2), (3, 4)]).apply_async(task_id='b71c35b0-f660-533f-ad69-61b0fc7e951d'),
     ['d6b97168-3df1-4308-9be7-7e703fcace70']),
    ({'msgpack': 0}, {'accept_content': ['json', 'msgpack']}, {},
     _apply('echo', (1, 'é', [1.5, None], 2**40), {'flag': True}, serializer='msgpack',
            task_id='1bf88ce3-7eb7-58b5-8953-f4add2767a7d'), ['ac0ed12f-3deb-4156-b1e2-f6da7378ae7e']),
    ({'nan-infinity': 0}, {}, {},
     _apply('echo', (float('nan'), float('inf'), float('-inf'), 1.5), {'limit': float('inf')},
            task_id='6d583ea7-4454-547d-93fb-d0af9422098d'), ['ce20f2d7-dff0-446c-bd2d-334c9f3383c4']),
    ({'pickle-refused': 0}, {'accept_content': ['json', 'pickle']}, {},
     _apply('add', (1, 2), serializer='pickle', task_id='e7f381c3-2cc6-50bd-9c44-4cd800e29c36'),
     ['da781cbc-bde0-4b81-b7ec-1807cfc718be']),
    ({'protocol-1': 0}, {'task_protocol': 1}, {},
     lambda app: _task(app, 'add').apply_async((1, 2), countdown=5, link=sig(app, 'add', 1),
                                               task_id='e93e1600-93cb-50dd-99a5-a189aa16d3b9'),
     ['bb23672f-6001-4724-9b51-88ba7a89deaf']),
    ({'shadow': 0}, {}, {}, _apply('add', (1, 2), shadow='add-shadow-name', task_id='40dd7244-72c0-5081-97cf-efa267b9e481'),
     ['c713a908-704a-4d8c-bebe-bd2c31bfcacf']),
    ({'special-types': 0}, {}, {}, _special, ['a0a98a6e-7dbd-4f34-8a9d-ba2c25ec4a46']),
    ({'sqs-delay-attributes': 0}, {}, {},
     _apply('add', (1, 2), DelaySeconds=30, message_attributes={'tenant': {'DataType': 'String', 'StringValue': 'acme'}},
            task_id='12132747-c249-5bc5-89cc-f60b81fe75b1'), ['ae0b3a65-e867-4f5c-a478-306f5677ab42']),
    ({'stamps': 0}, {}, {}, _stamped, ['24f89cc1-e303-4455-9328-b53dca06d41d']),
    ({'time-limits': 0}, {}, {},
     _apply('add', (1, 1), time_limit=30, soft_time_limit=20, task_id='05426039-dac6-5dba-b5df-a6002e266894'),
     ['cb119846-2440-41c8-89d8-d9ea879ea25e']),
    ({'unicode-emoji': 0}, {}, {},
     _apply('echo', ('héllo wörld', '日本語テキスト', '🚀✨ launch', 'Ωmega ≠ ∞'), {'名前': 'Zoë', 'emoji_🎉': '👍🏽'},
            task_id='20672a1c-4f88-5978-8eab-37dac98397ca'), ['57de9501-3af3-4d02-9489-c809d0f4346c']),
]


def _link_error_sig(app):
    return app.signature('proj.tasks.on_error')


def worker_vectors(celery_version):
    out = {}
    out.update(worker_vector(
        celery_version, 'retry', send_retry, ([None], ['3ea06b43-5312-418d-9926-812f3ad7a38a'])))
    out.update(worker_vector(
        celery_version, 'chain-next-step',
        lambda app: chain(sig(app, 'add', 1, 2, task_id=CHAIN_IDS[0]), sig(app, 'add', 3, task_id=CHAIN_IDS[1]),
                          sig(app, 'add', 4, task_id=CHAIN_IDS[2])).apply_async(),
        ([None], ['c506d0ca-5b8f-4970-9b71-2f6192cf4e13'])))
    out.update(worker_vector(
        celery_version, 'replace', _apply('replace_me', (5,), task_id='c9839fc9-aae1-504b-afeb-92bb9ac549d8'),
        ([None], ['7ba43e04-5f0a-4571-bed1-bb4d2f14e68b'])))
    out.update(worker_vector(
        celery_version, 'chord-body',
        lambda app: chord([sig(app, 'add', 1, 1, task_id=CHORD_IDS[0]), sig(app, 'add', 2, 2, task_id=CHORD_IDS[1])],
                          sig(app, 'tsum', task_id=CHORD_IDS[2])).apply_async(),
        (['eed582f0-ee39-4ac9-a2b5-9c5ef8c3232a', None, None], ['4eb225fa-3f92-4d2e-85d8-d7c5307071ec']),
        backend='dynamodb://@us-east-1/celery'))
    return out
