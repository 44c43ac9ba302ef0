"""Write Celery remote functions for celery-cloud in plain Python.

>>> from celery_cloud_function import remote_function, Retry
>>> @remote_function
... def add(x, y):
...     return x + y
>>> handler = add.lambda_handler          # AWS Lambda
>>> main = add.azure_function             # Azure Functions HTTP trigger
>>> entry = add.cloud_function            # Google Cloud Functions
>>> add.serve(port=8080)                  # any HTTP host (http.server)
"""
from . import platforms
from .errors import ProtocolError, Reject, Retry
from .protocol import PROTOCOL, Request, Task, handle

__all__ = ["PROTOCOL", "ProtocolError", "Reject", "RemoteFunction", "Request", "Retry", "Task", "handle", "make_server",
           "remote_function"]
__version__ = "0.1.0"


class RemoteFunction:
    """A plain function speaking the celery-cloud executor protocol on every platform."""

    def __init__(self, fn, bind=False):
        self.fn = fn
        self.bind = bind
        self.__name__ = getattr(fn, "__name__", "remote_function")
        self.__doc__ = getattr(fn, "__doc__", None)
        self.lambda_handler = platforms.lambda_handler(fn, bind)
        self.azure_function = platforms.azure_function(fn, bind)
        self.cloud_function = platforms.cloud_function(fn, bind)
        self.http_handler = platforms.http_handler(fn, bind)

    def __call__(self, *args, **kwargs):
        return self.fn(*args, **kwargs)

    def handle(self, request):
        """The answer dict for one request (a dict, or JSON text or bytes)."""
        return handle(self.fn, request, self.bind)

    def make_server(self, host="127.0.0.1", port=8080):
        """An ``http.server`` server for this function, not yet serving."""
        return platforms.make_server(self.fn, self.bind, host, port)

    def serve(self, host="127.0.0.1", port=8080):
        """Serve the function over HTTP until interrupted."""
        with self.make_server(host, port) as server:
            server.serve_forever()


def remote_function(fn=None, *, bind=False):
    """Make ``fn`` a remote function. With ``bind=True`` it gets a task first, like Celery's
    bound tasks: ``self.request.retries``, ``self.request.id``, ``self.retry(countdown=...)``.

    >>> @remote_function(bind=True)
    ... def fetch(self, url):
    ...     if self.request.retries < 3:
    ...         raise self.retry(countdown=10)
    """
    if fn is None:
        return lambda f: RemoteFunction(f, bind)
    return RemoteFunction(fn, bind)


def make_server(functions, host="127.0.0.1", port=8080):
    """One ``http.server`` server for several remote functions, each at its path
    (``{"/resize": resize, "/quote": quote}``); other paths answer 404. Call ``serve_forever()``.
    """
    return platforms.make_routed_server(functions, host, port)
