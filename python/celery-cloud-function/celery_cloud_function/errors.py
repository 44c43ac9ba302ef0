"""The exception a remote function raises to ask for a Celery retry."""


class Retry(Exception):
    """Ask the runner to retry the task, as Celery's ``self.retry()`` does.

    ``countdown`` (seconds) or ``eta`` (a datetime, naive means UTC) say when; ``max_retries``
    overrides the default (3, None = unlimited); ``exc`` is stored with RETRY and raised by
    ``AsyncResult.get()`` once retries are exhausted.

    >>> raise Retry(countdown=30, exc=TimeoutError("upstream slow"))
    """

    def __init__(self, countdown=None, eta=None, max_retries=None, exc=None):
        super().__init__(f"Retry in {countdown}s" if countdown is not None else "Retry")
        self.countdown = countdown
        self.eta = eta
        self.max_retries = max_retries
        self.exc = exc
        self.max_retries_given = max_retries is not None


class Reject(Exception):
    """Reject the message, as Celery's ``raise Reject(requeue=...)``: nothing is stored; with
    ``requeue`` the queue delivers it again, else it is dropped.

    >>> raise Reject(requeue=True)
    """

    def __init__(self, reason=None, requeue=False):
        super().__init__(reason or ("Rejected, requeued" if requeue else "Rejected"))
        self.reason = reason
        self.requeue = bool(requeue)


class ProtocolError(Exception):
    """The request is not a celery-cloud executor request."""
