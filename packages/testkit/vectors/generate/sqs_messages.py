"""SQS message vectors: real Celery publishing through kombu's SQS transport into a recorder."""
import datetime as dt
import decimal
import time
import uuid
from contextlib import contextmanager

from celery import Celery, chord, group

import pinning
import recorders
from embedded_worker import MEMORY_BROKER, embedded_worker
from expect import expect_of
from pinning import CLIENT, PINS, own_id

def new_app(**conf):
    # kombu keeps connection pools per URL across apps: a fresh one so each case has its own recorder.
    from kombu import pools
    pools.reset()
    app = Celery('proj', set_as_current=True)
    app.conf.update({'broker_url': 'sqs://', 'result_backend': None, **conf})
    import proj.tasks  # noqa: F401  (registers the shared tasks on this app)
    app.finalize()
    return app


def sig(app, name, *args, **options):
    return app.tasks[f'proj.tasks.{name}'].s(*args).set(**options)


@contextmanager
def client_run(case_seed, uuid4s):
    PINS.role = CLIENT
    PINS.uuid4s = list(uuid4s)
    PINS.fallback_seed = case_seed
    PINS.fallback_count = 0
    sent = []
    recorders.install_sqs(sent)
    # Chords on a counting backend (DynamoDB on Celery 5.4+) make the client write before it publishes.
    recorders.install_dynamodb(recorders.DynamoDbRecorder())
    yield sent


# Each case: the ids it pins (UUIDv5 strings, as the committed vectors carry them), the uuid4
# values kombu and Celery draw in order (None = not visible in any vector), and what to send.
def _plain(app):
    app.tasks['proj.tasks.add'].apply_async((2, 3), task_id='e1cfab9c-8ba0-5edf-8645-72e4bea16192')


def _empty(app):
    app.tasks['proj.tasks.noop'].apply_async(task_id='fa6812ce-cb8a-5c61-ab28-374e5c008c64')


def _numbers(app):
    values = (3.14159, -42, -0.5, 1e-300, 1.7976931348623157e308, 0.1 + 0.2, 2**64, -2**63,
              2**53 + 1, 12345678901234567890123, 0, -0.0)
    app.tasks['proj.tasks.echo'].apply_async(values, task_id='f191733f-3289-58ba-baac-bea88fe14570')


def _special(app):
    values = (dt.datetime(2025, 1, 2, 3, 4, 5, 600000, tzinfo=dt.timezone.utc), dt.datetime(2025, 1, 2, 3, 4, 5),
              dt.date(2025, 1, 2), dt.time(3, 4, 5, 123000), decimal.Decimal('12.50'),
              uuid.UUID('12345678-1234-5678-1234-567812345678'))
    app.tasks['proj.tasks.echo'].apply_async(values, {'when': dt.date(2025, 12, 24)},
                                             task_id='11339a45-15e0-5fd1-93f4-154d0e96b118')


def _countdown_tz(app):
    app.tasks['proj.tasks.add'].apply_async((4, 4), countdown=90, task_id='164a3bae-fd14-576c-be77-18e4c88012fc')


def _priority(app):
    app.tasks['proj.tasks.add'].apply_async((9, 9), priority=7, task_id='f4ac67f2-7a65-5b3b-b9d8-e972fc951203')


def _link(app):
    app.tasks['proj.tasks.add'].apply_async((1, 2), link=sig(app, 'add', 10),
                                            task_id='c4c0954b-dc9c-537a-8c52-4cbb0d50b35e')


def _protocol1(app):
    app.tasks['proj.tasks.add'].apply_async((1, 2), countdown=5, link=sig(app, 'add', 1),
                                            task_id='e93e1600-93cb-50dd-99a5-a189aa16d3b9')


def _starmap(app):
    app.tasks['proj.tasks.add'].starmap([(1, 2), (3, 4)]).apply_async(task_id='bfba0cf7-7e1d-5880-86ad-180a8a8654c8')


def _bzip2(app):
    app.tasks['proj.tasks.echo'].apply_async(('compressible ' * 20,), compression='bzip2',
                                             task_id='c5d1e83c-48f5-56e3-8d12-7e9473ec8712')


def _yaml(app):
    app.tasks['proj.tasks.echo'].apply_async((1, 'é', [1.5, None]), {'flag': True}, serializer='yaml',
                                             task_id='7468f8f6-2152-5908-bac7-c49efe238d42')


def _no_base64(app):
    app.tasks['proj.tasks.add'].apply_async((5, 5), task_id='fede226e-f760-5318-936f-534511e1fe2b')


def _group_member(app):
    group(sig(app, 'add', 1, 1, task_id=own_id('group-member/0')),
          sig(app, 'add', 2, 2, task_id='f28d7b2b-ece8-5d79-8483-42c28cef8ad3'),
          ).apply_async(task_id='232979f2-6b0f-5b14-af3d-c1a2d7a07d97')


def _chord(app):
    chord([sig(app, 'add', 1, 1, task_id='4b1b1f57-2b0b-509c-a88d-02e4b9c630cb'),
           sig(app, 'add', 2, 2, task_id='7a361fa9-c1fd-5d07-a3b0-7e7b8fbef906')],
          sig(app, 'tsum', task_id='53073c6c-f7ce-58ba-9bd7-decc537bb940')).apply_async()


CASES_526 = [
    # (files and the index of the captured message each keeps, conf, transport options, send, uuid4s)
    ({'plain-args': 0}, {}, {}, _plain, ['87f1326b-a69f-4c44-84bb-e7c13cc42904']),
    ({'empty-args': 0}, {}, {}, _empty, ['1841415a-241d-4fe0-b28e-208bf49e731d']),
    ({'numbers': 0}, {}, {}, _numbers, ['fc236477-d4fe-4dd0-8b4d-d40c49f90c33']),
    ({'special-types': 0}, {}, {}, _special, ['0bf0fada-03b5-45af-ab3f-2f1ce00cdc70']),
    ({'countdown-timezone': 0}, {'timezone': 'Europe/Berlin'}, {}, _countdown_tz,
     ['7976942a-373c-4ce3-bf01-636e6902e49a']),
    ({'priority': 0}, {}, {}, _priority, ['a9b31678-2d7b-4ff3-ba07-a9b66728c6e5']),
    ({'link': 0}, {}, {}, _link, ['9d768a8d-f959-4c3c-86cc-0ad539ebcfd2']),
    ({'protocol-1': 0}, {'task_protocol': 1}, {}, _protocol1, ['1def359f-6bd6-44c9-a05d-d856dcc9f5f7']),
    ({'starmap': 0}, {}, {}, _starmap, ['01e964b9-aaab-4c0d-954a-2d443f99db8d']),
    ({'compression-bzip2': 0}, {}, {}, _bzip2, ['daf03967-3dff-4567-a5a7-54ef1d365701']),
    ({'yaml': 0}, {'accept_content': ['json', 'yaml']}, {}, _yaml, ['9ed99b27-c573-4f86-8f3d-7be686a15306']),
    ({'sqs-no-base64': 0}, {}, {'sqs_base64_encoding': False}, _no_base64,
     ['247d57a7-43c1-4388-b7d9-e202d971a7e3']),
    ({'group-member': 1}, {}, {}, _group_member, [None, None, 'e2262a17-fb04-4e16-98db-d628c6b157cb']),
    ({'chord-unlock': 0, 'chord-header': 2}, {'result_backend': 'dynamodb://@us-east-1/celery'}, {}, _chord,
     ['f36d7ead-bfd5-434c-8615-62fb6ae6eae9', '6e548e36-006c-43ae-bb3b-8b7fe1feb10a',
      '84a35a98-8818-479f-bb96-3afb7a5b63dd', None, None, '81f78b8f-9e09-4a70-b3f5-6feeb36236ce']),
]


def vector(case, celery_version, send_params):
    raw = send_params['MessageBody']
    return {'case': case, 'celery': celery_version, 'transport': 'sqs', 'raw': raw,
            'sqs_send': send_params, 'expect': expect_of('sqs', raw)}


def client_vectors(celery_version, cases):
    out = {}
    for files, conf, transport_options, send, uuid4s in cases:
        seed = '+'.join(files)
        with client_run(seed, uuid4s) as sent:
            app = new_app(broker_transport_options=transport_options, **conf)
            send(app)
        for case, index in files.items():
            out[case] = vector(case, celery_version, sent[index])
    return out


def worker_vector(celery_version, case, send, uuid4s, backend='cache+memory://', pick=0, **conf):
    """A message a worker publishes: it reads the memory broker and writes to the SQS recorder.

    `send` runs on a client app sharing the in-process memory broker, before the worker starts;
    `uuid4s` is (what the client draws, what the worker draws).
    """
    sent = []
    recorders.install_sqs(sent)
    recorders.install_dynamodb(recorders.DynamoDbRecorder())
    PINS.fallback_seed = case
    PINS.fallback_count = 0
    PINS.role = CLIENT
    PINS.uuid4s = list(uuid4s[0])
    client = new_app(**MEMORY_BROKER, result_backend=backend, **conf)
    worker = new_app(**MEMORY_BROKER, broker_write_url='sqs://', result_backend=backend, **conf)
    send(client)
    with embedded_worker(worker, uuid4s[1]):
        for _ in range(1000):
            if len(sent) > pick:
                break
            time.sleep(0.01)
    return {case: vector(case, celery_version, sent[pick])}


def send_retry(app):
    app.tasks['proj.tasks.flaky'].apply_async((1,), task_id='3d046599-cf44-597d-8f3f-efa41fe0a22e')


def generate(celery_version):
    pinning.import_more('celery.backends.dynamodb', 'celery.worker.request', 'celery.worker.strategy')
    if celery_version == '5.2.6':
        vectors = client_vectors(celery_version, CASES_526)
        vectors.update(worker_vector(celery_version, 'retry', send_retry, ([None], ['da2dde20-c16d-436d-a33f-bd200914ab73'])))
        return vectors
    import sqs_messages_563

    vectors = client_vectors(celery_version, sqs_messages_563.CASES_563)
    vectors.update(sqs_messages_563.worker_vectors(celery_version))
    return vectors
