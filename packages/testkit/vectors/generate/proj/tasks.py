"""The tasks every vector uses."""
# Stored tracebacks show the line numbers of the failing tasks below,
# so keep every task where it is.
from celery import shared_task

from proj.errors import PaymentDeclined


@shared_task(name='proj.tasks.add')
def add(x, y):
    return x + y


@shared_task(name='proj.tasks.tsum')
def tsum(numbers):
    return sum(numbers)


@shared_task(name='proj.tasks.echo')
def echo(*args, **kwargs):
    return args[0] if len(args) == 1 and not kwargs else [list(args), kwargs]


@shared_task(name='proj.tasks.noop')
def noop():
    return None


@shared_task(name='proj.tasks.greet')
def greet(name, punctuation='!'):
    return f'Hello {name}{punctuation}'


@shared_task(bind=True, name='proj.tasks.progress')
def progress(self, total):
    self.update_state(state='PROGRESS', meta={'current': 1, 'total': total})


@shared_task(name='proj.tasks.fail_value')
def fail_value(message):
    raise ValueError(message)


@shared_task(name='proj.tasks.fail_key')
def fail_key(key, settings=None):
    settings = settings or {}
    return settings[key]


@shared_task(name='proj.tasks.fail_zero')
def fail_zero(n):
    return n / 0


@shared_task(name='proj.tasks.fail_type')
def fail_type():
    raise TypeError('unsupported operand', 42)


@shared_task(name='proj.tasks.fail_custom')
def fail_custom(code):
    raise PaymentDeclined(code, 'card declined')


@shared_task(name='proj.tasks.fail_nonstr')
def fail_nonstr():
    raise ValueError(404, 2.5, None, [1, 2])


@shared_task(bind=True, name='proj.tasks.flaky')
def flaky(self, x):
    if self.request.retries == 0:
        raise self.retry(countdown=5, exc=ConnectionError('upstream unavailable'))
    return x


@shared_task(name='proj.tasks.sleepy')
def sleepy(value):
    return value


@shared_task(name='proj.tasks.tracked', track_started=True)
def tracked():
    return 'tracked'


@shared_task(bind=True, name='proj.tasks.replace_me')
def replace_me(self, x):
    raise self.replace(add.s(x, 100))
