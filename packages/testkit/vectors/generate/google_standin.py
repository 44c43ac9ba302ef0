"""A stand-in for the Google Cloud libraries kombu's `gcpubsub` transport and Celery's `gs://` backend import.

Used whether or not the real libraries are installed, so nothing ever reaches Google. The
transport's and the backend's code run unchanged: what they hand the Pub/Sub publisher and the
storage blobs is recorded, and nothing else the libraries do reaches a message or a stored document.
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


class _NotFound(Exception):
    pass


class _Http:
    def __init__(self):
        self._auth_request = types.SimpleNamespace(session=self)

    def mount(self, prefix, adapter):
        pass


class StorageClient:
    """`google.cloud.storage.Client`: blobs in memory, uploads in order (shared by every client)."""

    blobs = {}
    uploads = []

    def __init__(self, project=None, **kwargs):
        self.project = project
        self._http = _Http()

    def bucket(self, name):
        return _Bucket(self, name)


class _Bucket:
    def __init__(self, client, name):
        self.client, self.name = client, name

    def blob(self, path):
        return _Blob(self, path)


class _Blob:
    def __init__(self, bucket, name):
        self.bucket, self.name = bucket, name
        self.custom_time = None

    def upload_from_string(self, data, retry=None, **kwargs):
        raw = data.encode('utf-8') if isinstance(data, str) else bytes(data)
        StorageClient.uploads.append({'bucket': self.bucket.name, 'blob': self.name, 'data': raw})
        StorageClient.blobs[(self.bucket.name, self.name)] = raw

    def download_as_bytes(self, retry=None, **kwargs):
        if (self.bucket.name, self.name) not in StorageClient.blobs:
            raise _NotFound(self.name)
        return StorageClient.blobs[(self.bucket.name, self.name)]

    def exists(self, **kwargs):
        return (self.bucket.name, self.name) in StorageClient.blobs

    def delete(self, retry=None, **kwargs):
        StorageClient.blobs.pop((self.bucket.name, self.name), None)


class _FirestoreAdminClient:
    """Reports the TTL policy the `gs://` backend insists on as active."""

    def get_field(self, request=None, **kwargs):
        return types.SimpleNamespace(ttl_config=types.SimpleNamespace(state='ACTIVE'))


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
    """Register the stand-in modules (once) in place of the Google libraries."""
    if getattr(sys.modules.get('google.cloud.storage'), 'Client', None) is StorageClient:
        return
    errors = {n: type(n, (_Error,), {}) for n in (
        'AlreadyExists', 'Conflict', 'DeadlineExceeded', 'PermissionDenied', 'TimeoutError', 'FlowControlLimitError',
        'MessageTooLargeError', 'PublishError', 'PublishToPausedOrderingKeyException', 'AcknowledgeError')}
    _module('google', __path__=[])
    _module('google.api_core', __path__=[])
    _module('google.api_core.exceptions', **errors)
    _module('google.api_core.retry', Retry=lambda *args, **kwargs: None, if_exception_type=lambda *args: None)
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
    storage = _module('google.cloud.storage', __path__=[], Client=StorageClient)
    storage.blob = _module('google.cloud.storage.blob', NotFound=_NotFound)
    storage.retry = _module('google.cloud.storage.retry', DEFAULT_RETRY=None)
    _module('google.cloud.firestore', Client=lambda project=None: None)
    state = types.SimpleNamespace(ACTIVE='ACTIVE', CREATING='CREATING')
    _module('google.cloud.firestore_admin_v1', FirestoreAdminClient=_FirestoreAdminClient,
            GetFieldRequest=lambda name=None: name,
            Field=types.SimpleNamespace(TtlConfig=types.SimpleNamespace(State=state)))
    _module('google.pubsub_v1', __path__=[])
    _module('google.pubsub_v1.gapic_version', __version__='0.0.0')
