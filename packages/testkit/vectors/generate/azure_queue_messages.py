"""Azure Storage Queue message vectors: real Celery publishing through kombu's Azure transport."""
import datetime as dt

from celery import chain

import recorders
from expect import expect_of
from pinning import CLIENT, PINS
from sqs_messages import new_app, sig

# kombu 5.2 names the account after the key; 5.3+ takes the key (or a credential) and the queue URL.
BROKER_LEGACY = 'azurestoragequeues://:a2V5@devaccount'
BROKER = 'azurestoragequeues://a2V5@https://devaccount.queue.core.windows.net/'


def _plain(app):
    app.tasks['proj.tasks.add'].apply_async((2, 3), task_id='e1cfab9c-8ba0-5edf-8645-72e4bea16192')


def _chain3(app):
    chain(sig(app, 'add', 1, 2, task_id='8942c076-4161-5132-bc2d-8140274969c3'),
          sig(app, 'add', 3, task_id='0e5759c8-b1f3-5c33-ad5a-ed819aa24b18'),
          sig(app, 'add', 4, task_id='9a61f23c-abf0-5111-8d86-c027c1792099')).apply_async()


def _eta(app):
    app.tasks['proj.tasks.add'].apply_async((1, 2), eta=dt.datetime(2025, 6, 1, 12, 30, tzinfo=dt.timezone.utc),
                                            task_id='02483cb2-2dd6-5309-b214-92223ee8d590')


def _kwargs_only(app):
    app.tasks['proj.tasks.greet'].apply_async(kwargs={'name': 'Ada', 'punctuation': '?'},
                                              task_id='f4c3b2fc-69ee-51c3-8335-83116f7ad50f')


def _unicode(app):
    app.tasks['proj.tasks.echo'].apply_async(('héllo wörld', '日本語テキスト', '🚀✨ launch', 'Ωmega ≠ ∞'),
                                             {'名前': 'Zoë', 'emoji_🎉': '👍🏽'},
                                             task_id='20672a1c-4f88-5978-8eab-37dac98397ca')


# case: (send, uuid4 values in the order Celery draws them)
CASES_526 = {
    'plain-args': (_plain, ['67d1ff67-915d-4ceb-ac4e-8243d7da1e1e']),
    'chain-3': (_chain3, ['0ff266a6-bf05-4c29-b2ea-0f6c41f016db']),
}


CASES_563 = {
    'plain-args': (_plain, ['3bbb1f13-46bf-4ab4-8fb8-9c14f9285cb4']),
    'eta': (_eta, ['04680c0c-3536-4a0d-a5f8-8394aa5214f9']),
    'kwargs-only': (_kwargs_only, ['15c326dc-0266-424f-af73-8360e795df39']),
    'unicode-emoji': (_unicode, ['5e1407e8-ad51-4633-96e6-b25cec68eb9a']),
}


def generate(celery_version):
    legacy = celery_version.startswith('5.2.')
    out = {}
    for case, (send, uuid4s) in (CASES_526 if legacy else CASES_563).items():
        PINS.role = CLIENT
        PINS.uuid4s = list(uuid4s)
        PINS.fallback_seed = f'azure-queue/{case}'
        PINS.fallback_count = 0
        sent = []
        if legacy:
            recorders.install_legacy_azure_queue(sent)
        else:
            recorders.install_azure_queue(sent)
        send(new_app(broker_url=BROKER_LEGACY if legacy else BROKER))
        raw = sent[0]['content']
        out[case] = {'case': case, 'celery': celery_version, 'transport': 'azure-queue', 'raw': raw,
                     'expect': expect_of('azure-queue', raw)}
    return out
