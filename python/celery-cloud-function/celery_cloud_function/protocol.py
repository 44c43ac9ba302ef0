"""The executor protocol (celery-cloud/1): read a request, answer success, failure or retry.

See docs/executor-protocol.md in the celery-cloud repository.
"""
import datetime
import time
import traceback

from . import wire
from .errors import ProtocolError, Reject, Retry

PROTOCOL = "celery-cloud/1"


class Request:
    """The task as the runner sent it: ``id``, ``task`` (its name), ``args``, ``kwargs``,
    ``retries``, ``eta``, ``expires``, ``root_id``, ``parent_id``, ``group`` and the time left.

    >>> request.retries
    0
    """

    def __init__(self, body):
        if not isinstance(body, dict) or not isinstance(body.get("args", []), list):
            raise ProtocolError("the request is not a JSON object with an args list")
        legacy = body.get("task") if isinstance(body.get("task"), dict) else {}
        field = lambda name, default=None: body.get(name, legacy.get(name, default))  # noqa: E731
        self.args = body.get("args", [])
        self.kwargs = body.get("kwargs") or {}
        self.id = field("id")
        self.task = body.get("name") or legacy.get("name") or (
            body["task"] if isinstance(body.get("task"), str) else None)
        self.retries = field("retries", 0) or 0
        self.eta = field("eta")
        self.expires = field("expires")
        self.root_id = field("root_id")
        self.parent_id = field("parent_id")
        self.group = field("group")
        self.time_left_ms = body.get("time_left_ms")
        self._received = time.monotonic()

    def time_left(self):
        """Seconds before the runner stops waiting for the answer, or None when unbounded."""
        if self.time_left_ms is None:
            return None
        return max(0.0, self.time_left_ms / 1000 - (time.monotonic() - self._received))


class Task:
    """What a ``bind=True`` function gets first, like Celery's bound ``self``."""

    def __init__(self, request):
        self.request = request

    def retry(self, countdown=None, eta=None, max_retries=None, exc=None):
        """Raise :class:`Retry` (so both ``self.retry()`` and ``raise self.retry()`` work)."""
        raise Retry(countdown=countdown, eta=eta, max_retries=max_retries, exc=exc)


def _json_arg(value):
    try:
        wire.dumps(value)
        return value
    except (TypeError, ValueError):
        return repr(value)


def exception_info(exc):
    """The exception as Celery stores it: class name, module and args."""
    cls = type(exc)
    return {
        "exc_type": cls.__name__,
        "exc_module": cls.__module__,
        "exc_message": [_json_arg(a) for a in exc.args],
    }


def failure(exc):
    """The failure answer for an exception, with its real traceback."""
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return {"protocol": PROTOCOL, "status": "failure", **exception_info(exc), "traceback": text}


def _eta(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return value.isoformat()
    return value


def retry(request):
    """The retry answer for a :class:`Retry`."""
    body = {}
    if request.countdown is not None:
        body["countdown"] = request.countdown
    if request.eta is not None:
        body["eta"] = _eta(request.eta)
    if request.max_retries_given:
        body["max_retries"] = request.max_retries
    if request.exc is not None:
        body["exc"] = exception_info(request.exc)
    return {"protocol": PROTOCOL, "status": "retry", "retry": body}


def success(value):
    """The success answer for a return value."""
    return {"protocol": PROTOCOL, "status": "success", "result": value}


def handle(fn, body, bind=False):
    """Run ``fn`` for one request (a dict, or JSON text/bytes) and return the answer dict.

    Never raises: an exception becomes the failure answer, :class:`Retry` the retry answer.
    """
    try:
        body = wire.untag(body) if isinstance(body, dict) else wire.loads(body)
        request = Request(body)
    except Exception as exc:  # noqa: BLE001 - every bad request is answered
        return failure(exc if isinstance(exc, ProtocolError) else ProtocolError(f"unreadable request: {exc}"))
    try:
        args = [Task(request), *request.args] if bind else request.args
        answer = success(fn(*args, **request.kwargs))
        wire.dumps(answer)
        return answer
    except Retry as exc:
        return retry(exc)
    except Reject as exc:
        return {"reject": {"requeue": exc.requeue}}
    except Exception as exc:  # noqa: BLE001 - the task's failure is the answer
        return failure(exc)
