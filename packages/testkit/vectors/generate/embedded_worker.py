"""An embedded Celery worker (solo pool, memory broker) started and stopped without idle waits."""
from contextlib import contextmanager

from pinning import CLIENT, PINS, WORKER

# The memory transport polls once a second by default; the cases need no such pause.
MEMORY_BROKER = {'broker_url': 'memory://', 'broker_transport_options': {'polling_interval': 0.01}}


@contextmanager
def embedded_worker(app, uuid4s=()):
    """Run a worker on `app` as `celery worker` would, with the pinned worker pid and node name.

    `uuid4s` are the values the worker draws, in order (delivery tags of what it publishes).
    """
    from celery.app.trace import setup_worker_optimizations
    from celery.contrib.testing.worker import start_worker
    from celery.worker import state

    # What `celery worker` does at start-up and the embedded worker skips: the fast tracer, the stack
    # protection frame every stored traceback shows, and the node name requests carry.
    setup_worker_optimizations(app, WORKER['nodename'])
    PINS.role = WORKER
    PINS.uuid4s = list(uuid4s)
    try:
        with start_worker(app, perform_ping_check=False, loglevel='CRITICAL', shutdown_timeout=10):
            yield
            # The worker's loop waits up to 2 s for a message before it looks at the stop flag:
            # raise the flag, then hand it one last message so it looks at once.
            state.should_terminate = 0
            with app.connection_for_read() as conn:
                app.tasks['proj.tasks.noop'].apply_async(ignore_result=True, connection=conn)
    finally:
        PINS.role = CLIENT
