"""Everything a capture would otherwise take from the machine: clock, uuid4, pid, host name, oid.

The values are the ones the committed vectors carry, so a re-run reproduces them byte for byte.
"""
import datetime as _dt
import os
import socket
import sys
import time as _time
import uuid

NOW = _dt.datetime(2025, 6, 1, 12, 0, 0, 250000, tzinfo=_dt.timezone.utc)

CLIENT = {'pid': 1234, 'host': 'client-01', 'oid': '0f9c6e4a-3b1d-3c55-9e21-7d4a2b8c1e01'}
WORKER = {'pid': 4242, 'host': 'worker-01', 'nodename': 'celery@worker-01', 'oid': 'c4d1e2f3-7a8b-3c9d-8e0f-112233445566'}

_real_datetime = _dt.datetime
_real_uuid4 = uuid.uuid4
_real_getpid = os.getpid
_real_time = _time.time
_real_celery_gethostname = None


class _FrozenMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, _real_datetime)

    def __subclasscheck__(cls, sub):
        return issubclass(sub, _real_datetime)


class FrozenDatetime(_real_datetime, metaclass=_FrozenMeta):
    """`datetime.datetime` whose now() and utcnow() return the pinned instant."""

    @classmethod
    def now(cls, tz=None):
        if tz is None:
            return NOW.replace(tzinfo=None)
        return NOW.astimezone(tz)

    @classmethod
    def utcnow(cls):
        return NOW.replace(tzinfo=None)


def own_id(name):
    """A stable id for a task no committed vector shows (e.g. the other member of a group)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f'celery-cloud-vectors:{name}'))


def frozen_time():
    return NOW.timestamp()


class Pins:
    """Mutable state the patched functions read: who is running (client or worker) and the uuid4 queue."""

    def __init__(self):
        self.role = CLIENT
        self.uuid4s = []
        self.uuid4_log = []
        self.fallback_seed = 'unset'
        self.fallback_count = 0

    def take_uuid4(self):
        if self.uuid4s:
            value = self.uuid4s.pop(0)
            if value is not None:
                self.uuid4_log.append(value)
                return uuid.UUID(value)
        # A uuid4 no committed vector shows: derived from the case so it is stable too.
        self.fallback_count += 1
        u = uuid.uuid5(uuid.NAMESPACE_URL, f'celery-cloud-vectors:{self.fallback_seed}:uuid4:{self.fallback_count}')
        value = uuid.UUID(bytes=u.bytes, version=4)
        self.uuid4_log.append(str(value))
        return value


PINS = Pins()


def _patch_modules():
    import celery.utils.nodenames as nodenames
    for name, module in list(sys.modules.items()):
        if not (name.startswith('celery') or name.startswith('kombu')) or module is None:
            continue
        if module is not nodenames and getattr(module, 'gethostname', None) is _real_celery_gethostname:
            module.gethostname = nodenames.gethostname
        if getattr(module, 'datetime', None) is _real_datetime:
            module.datetime = FrozenDatetime
    # Only where a stored value comes from time(): the worker's own loops keep the real clock.
    for name in ('celery.backends.dynamodb',):
        module = sys.modules.get(name)
        if module is not None and getattr(module, 'time', None) is _real_time:
            module.time = frozen_time


def install():
    """Patch clock, uuid4, pid and host name for everything Celery and kombu do in this process."""
    import celery.utils.nodenames as nodenames
    from kombu.utils.uuid import uuid as kombu_uuid
    from celery import Celery
    import celery.contrib.testing.worker  # noqa: F401  (patched below)

    uuid.uuid4 = PINS.take_uuid4
    kombu_uuid.__defaults__ = (PINS.take_uuid4,)
    os.getpid = lambda: PINS.role['pid']
    global _real_celery_gethostname
    _real_celery_gethostname = nodenames.gethostname
    nodenames.gethostname = lambda: PINS.role['host']
    socket.gethostname = lambda: PINS.role['host']
    Celery.thread_oid = property(lambda self: PINS.role.get('oid') or CLIENT['oid'])
    # `celery worker` names itself celery@<host>; the embedded test worker would use gen<pid>@<host>.
    celery.contrib.testing.worker.anon_nodename = lambda: WORKER['nodename']
    _patch_modules()


def import_more(*names):
    """Import modules lazily loaded by Celery and patch their clocks too."""
    for n in names:
        __import__(n)
    _patch_modules()
