"""Azure Storage Queue message vectors: real Celery publishing through kombu's Azure transport."""
from celery import chain

import recorders
from expect import expect_of
from pinning import CLIENT, PINS
from sqs_messages import new_app, sig

BROKER = 'azurestoragequeues://:a2V5@devaccount'


def _plain(app):
    app.tasks['proj.tasks.add'].apply_async((2, 3), task_id='e1cfab9c-8ba0-5edf-8645-72e4bea16192')


def _chain3(app):
    chain(sig(app, 'add', 1, 2, task_id='8942c076-4161-5132-bc2d-8140274969c3'),
          sig(app, 'add', 3, task_id='0e5759c8-b1f3-5c33-ad5a-ed819aa24b18'),
          sig(app, 'add', 4, task_id='9a61f23c-abf0-5111-8d86-c027c1792099')).apply_async()


# case: (send, uuid4 values in the order Celery draws them)
CASES_526 = {
    'plain-args': (_plain, ['67d1ff67-915d-4ceb-ac4e-8243d7da1e1e']),
    'chain-3': (_chain3, ['0ff266a6-bf05-4c29-b2ea-0f6c41f016db']),
}


def generate(celery_version):
    out = {}
    for case, (send, uuid4s) in CASES_526.items():
        PINS.role = CLIENT
        PINS.uuid4s = list(uuid4s)
        PINS.fallback_seed = f'azure-queue/{case}'
        PINS.fallback_count = 0
        sent = []
        recorders.install_legacy_azure_queue(sent)
        send(new_app(broker_url=BROKER))
        raw = sent[0]['content']
        out[case] = {'case': case, 'celery': celery_version, 'transport': 'azure-queue', 'raw': raw,
                     'expect': expect_of('azure-queue', raw)}
    return out
