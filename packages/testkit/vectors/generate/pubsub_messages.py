"""Pub/Sub message vectors (kombu 5.5+): real Celery publishing through kombu's `gcpubsub` transport."""
import base64

import google_standin
from expect import expect_of
from pinning import CLIENT, PINS
from sqs_messages import new_app

BROKER = 'gcpubsub://projects/celery-cloud-vectors'


def _apply(name, args, kwargs=None, **options):
    def send(app):
        app.tasks[f'proj.tasks.{name}'].apply_async(args, kwargs or {}, **options)
    return send


def _chunks(app):
    app.tasks['proj.tasks.add'].chunks([(1, 2), (3, 4), (5, 6)], 2).apply_async()


NESTED_ARGS = ({'a': [1, [2, [3, {'b': None, 'c': True}]]], 'empty': {}, 'list': []}, [[], [[]], [{}]])

# case: (send, index of the published message kept, uuid4 values in the order Celery draws them)
CASES_563 = {
    'plain-args': (_apply('add', (2, 3), task_id='e1cfab9c-8ba0-5edf-8645-72e4bea16192'), 0,
                   ['5e11463e-61e5-4063-a856-76be414b072e']),
    'compression-gzip': (_apply('echo', ('compressible ' * 20,), compression='gzip',
                                task_id='5f40323a-460f-5088-b1cd-4550be22ef84'), 0,
                         ['d45c8c3a-7403-4da8-920b-755b5c3cf0b3']),
    'expires': (_apply('add', (5, 6), expires=3600, task_id='9956c834-2333-5ee2-8a63-bf0e24b8ef31'), 0,
                ['b5293554-4043-4674-8c97-e35f1e3d8d41']),
    'nested-structures': (_apply('echo', NESTED_ARGS, {'deep': {'x': {'y': {'z': [False, 0, '']}}}},
                                 task_id='3eddaff7-d2c8-5435-95c4-42db22213b6c'), 0,
                          ['20ef1ebe-81ba-4c19-a252-83e0ea282ca2']),
    'chunks': (_chunks, 0, ['7af1c0bc-e907-4e05-a847-b15e2e562ee9', 'b12e3866-c2c9-40a0-b3d2-93bb26accae0', None,
                            '670f223d-b828-452f-a363-f62cad4c5050']),
}


def generate(celery_version):
    google_standin.install()
    out = {}
    for case, (send, index, uuid4s) in CASES_563.items():
        PINS.role = CLIENT
        PINS.uuid4s = list(uuid4s)
        PINS.fallback_seed = f'pubsub/{case}'
        PINS.fallback_count = 0
        google_standin.PUBLISHED.clear()
        send(new_app(broker_url=BROKER))
        published = google_standin.PUBLISHED[index]
        raw = {'data_base64': base64.b64encode(published['data']).decode('ascii'),
               'attributes': published['attributes']}
        out[case] = {'case': case, 'celery': celery_version, 'transport': 'pubsub', 'raw': raw,
                     'expect': expect_of('pubsub', raw)}
    return out
