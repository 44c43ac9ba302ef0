"""A stand-in for the Google Cloud Pub/Sub and Monitoring libraries kombu's `gcpubsub` transport imports.

Only used when `google-cloud-pubsub` is not installed. The transport's code runs unchanged; what
it hands the publisher is recorded, and nothing else the libraries do reaches a message.
"""
import sys
import types

PUBLISHED = []


class _Error(Exception):
    pass


class PublisherClient:
    def topic_path(self, project, topic):
        return f'projects/{project}/topics/{topic}'

    def list_topics(self, request=None, **kwargs):
        return []

    def create_topic(self, request=None, **kwargs):
        return request

    def publish(self, topic, data, **attributes):
        PUBLISHED.append({'topic': topic, 'data': bytes(data), 'attributes': dict(attributes)})


class SubscriberClient:
    def subscription_path(self, project, subscription):
        return f'projects/{project}/subscriptions/{subscription}'

    def create_subscription(self, request=None, **kwargs):
        return request


class _Query:
    def __init__(self, *args, **kwargs):
        pass

    def select_resources(self, **kwargs):
        return []


def _module(name, **attrs):
    module = types.ModuleType(name)
    module.__dict__.update(attrs)
    sys.modules[name] = module
    return module


def install():
    """Register the stand-in modules unless the real libraries are importable."""
    try:
        import google.cloud.pubsub_v1  # noqa: F401
        return False
    except ImportError:
        pass
    errors = {n: type(n, (_Error,), {}) for n in (
        'AlreadyExists', 'DeadlineExceeded', 'PermissionDenied', 'TimeoutError', 'FlowControlLimitError',
        'MessageTooLargeError', 'PublishError', 'PublishToPausedOrderingKeyException', 'AcknowledgeError')}
    _module('google', __path__=[])
    _module('google.api_core', __path__=[])
    _module('google.api_core.exceptions', **errors)
    _module('google.api_core.retry', Retry=lambda **kwargs: None)
    _module('google.cloud', __path__=[])
    monitoring = _module('google.cloud.monitoring_v3', __path__=[], MetricServiceClient=lambda: None)
    monitoring.query = _module('google.cloud.monitoring_v3.query', Query=_Query)
    pubsub = _module('google.cloud.pubsub_v1', __path__=[], PublisherClient=PublisherClient,
                     SubscriberClient=SubscriberClient)
    pubsub.exceptions = _module('google.cloud.pubsub_v1.exceptions', TimeoutError=errors['TimeoutError'])
    pubsub.publisher = _module('google.cloud.pubsub_v1.publisher', __path__=[])
    pubsub.publisher.exceptions = _module('google.cloud.pubsub_v1.publisher.exceptions', **errors)
    pubsub.subscriber = _module('google.cloud.pubsub_v1.subscriber', __path__=[])
    pubsub.subscriber.exceptions = _module('google.cloud.pubsub_v1.subscriber.exceptions', **errors)
    _module('google.pubsub_v1', __path__=[])
    _module('google.pubsub_v1.gapic_version', __version__='0.0.0')
    return True
