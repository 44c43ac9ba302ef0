"""In-process stand-ins for the cloud SDK clients: they keep the exact parameters Celery and kombu pass."""
import botocore.session
from botocore.validate import ParamValidator

ACCOUNT_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012'

_models = {}


def _validate(service, operation, params):
    """Fail loudly when parameters would not pass botocore's own model check."""
    if service not in _models:
        _models[service] = botocore.session.get_session().get_service_model(service)
    shape = _models[service].operation_model(operation).input_shape
    report = ParamValidator().validate(params, shape)
    if report.has_errors():
        raise ValueError(f'{service}.{operation}: {report.generate_report()}')


class SqsRecorder:
    """What kombu's SQS channel calls on a boto3 client."""

    def __init__(self, sent):
        self.sent = sent

    def list_queues(self, QueueNamePrefix=''):
        return {}

    def get_queue_url(self, QueueName):
        return {'QueueUrl': f'{ACCOUNT_URL}/{QueueName}'}

    def create_queue(self, QueueName, Attributes):
        _validate('sqs', 'CreateQueue', {'QueueName': QueueName, 'Attributes': Attributes})
        return {'QueueUrl': f'{ACCOUNT_URL}/{QueueName}'}

    def get_queue_attributes(self, QueueUrl, AttributeNames):
        return {'Attributes': {'ApproximateNumberOfMessages': '0'}}

    def send_message(self, **params):
        _validate('sqs', 'SendMessage', params)
        self.sent.append(dict(params))
        return {'MessageId': f'm-{len(self.sent)}'}


def install_sqs(sent):
    """Route every SQS client kombu creates to one recorder appending to `sent`."""
    from kombu.transport import SQS

    SQS.Channel.new_sqs_client = lambda self, *a, **kw: SqsRecorder(sent)


def aws_wire(service, operation, params):
    """Parameters as botocore puts them on the AWS JSON wire (binary values base64)."""
    from botocore import serialize

    _validate(service, operation, params)
    model = _models[service]
    serializer = serialize.create_serializer(model.metadata['protocol'])
    request = serializer.serialize_to_request(params, model.operation_model(operation))
    import json

    return json.loads(request['body'])


class DynamoDbRecorder:
    """A one-table DynamoDB: keeps items in memory and every call in order, with who made it."""

    def __init__(self, items=None):
        self.items = dict(items or {})
        self.calls = []

    def _log(self, op, params):
        import threading

        by = 'client' if threading.current_thread() is threading.main_thread() else 'worker'
        self.calls.append((op, params, aws_wire('dynamodb', op, params), by))

    def _table(self, TableName):
        return {'Table': {'TableName': TableName, 'TableStatus': 'ACTIVE'}}

    def create_table(self, **params):
        from botocore.exceptions import ClientError

        raise ClientError({'Error': {'Code': 'ResourceInUseException', 'Message': 'exists'}}, 'CreateTable')

    def describe_table(self, TableName):
        return self._table(TableName)

    def describe_time_to_live(self, TableName):
        return {'TimeToLiveDescription': {'TimeToLiveStatus': 'ENABLED', 'AttributeName': 'ttl'}}

    def update_time_to_live(self, **params):
        return {'TimeToLiveSpecification': params['TimeToLiveSpecification']}

    def put_item(self, **params):
        self._log('PutItem', params)
        item = {k: dict(v) for k, v in params['Item'].items()}
        for v in item.values():
            if 'B' in v and isinstance(v['B'], str):
                v['B'] = v['B'].encode('utf-8')
        self.items[params['Item']['id']['S']] = item
        return {}

    def get_item(self, **params):
        self._log('GetItem', params)
        item = self.items.get(params['Key']['id']['S'])
        return {'Item': item} if item is not None else {}

    def delete_item(self, **params):
        self._log('DeleteItem', params)
        self.items.pop(params['Key']['id']['S'], None)
        return {}

    def update_item(self, **params):
        """Only the counter update Celery's incr sends: `set chord_count = chord_count + :num`."""
        self._log('UpdateItem', params)
        item = self.items[params['Key']['id']['S']]
        count = int(item['chord_count']['N']) + int(params['ExpressionAttributeValues'][':num']['N'])
        item['chord_count'] = {'N': str(count)}
        return {'Attributes': {'chord_count': {'N': str(count)}}}


def install_dynamodb(recorder):
    """Make Celery's DynamoDB backend talk to `recorder`."""
    from celery.backends import dynamodb

    dynamodb.DynamoDBBackend._get_client = lambda self, *a, **kw: _attach(self, recorder)


def _attach(backend, recorder):
    if backend._client is None:
        backend._client = recorder
        if backend._has_ttl() is not None:
            backend._set_table_ttl()
    return backend._client


class _QueueMetadata:
    approximate_message_count = 0


class LegacyQueueServiceRecorder:
    """The legacy (<12) `azure.storage.queue.QueueService` kombu 5.2 uses: keeps each message text."""

    sent = []

    def __init__(self, account_name=None, account_key=None):
        self.account_name = account_name

    def list_queues(self):
        return []

    def create_queue(self, queue, fail_on_exist=False):
        return True

    def get_queue_metadata(self, queue):
        return _QueueMetadata()

    def put_message(self, queue, content):
        self.sent.append({'queue': queue, 'content': content})


def install_legacy_azure_queue(sent):
    """kombu 5.2's Azure transport needs the legacy SDK, which Debian does not ship: a recorder stands in."""
    from kombu.transport import azurestoragequeues

    LegacyQueueServiceRecorder.sent = sent
    azurestoragequeues.QueueService = LegacyQueueServiceRecorder
    azurestoragequeues.Channel._queue_service = None


class _Download:
    def __init__(self, data):
        self.data = data

    def readall(self):
        return self.data


class BlobRecorder:
    """The `BlobServiceClient` Celery's azureblockblob backend uses: blobs in memory, uploads in order."""

    def __init__(self, blobs=None):
        self.blobs = dict(blobs or {})
        self.uploads = []

    def create_container(self, name):
        from azure.core.exceptions import ResourceExistsError

        raise ResourceExistsError('exists')

    def get_blob_client(self, container, blob):
        return _BlobClient(self, container, blob)


class _BlobClient:
    def __init__(self, service, container, blob):
        self.service, self.container, self.blob = service, container, blob

    def upload_blob(self, data, overwrite=False):
        raw = data.encode('utf-8') if isinstance(data, str) else bytes(data)
        self.service.uploads.append({'container': self.container, 'blob': self.blob, 'overwrite': overwrite, 'data': raw})
        self.service.blobs[(self.container, self.blob)] = raw

    def download_blob(self):
        from azure.core.exceptions import ResourceNotFoundError

        if (self.container, self.blob) not in self.service.blobs:
            raise ResourceNotFoundError('missing')
        return _Download(self.service.blobs[(self.container, self.blob)])

    def delete_blob(self):
        self.service.blobs.pop((self.container, self.blob), None)


def install_blob(recorder):
    """Make Celery's azureblockblob backend talk to `recorder`."""
    from celery.backends import azureblockblob

    class _Factory:
        @staticmethod
        def from_connection_string(*args, **kwargs):
            return recorder

    azureblockblob.BlobServiceClient = _Factory


class _QueueClientRecorder:
    def __init__(self, service, name):
        self.service, self.name = service, name

    def get_queue_properties(self):
        return _QueueMetadata()

    def send_message(self, content, **kwargs):
        self.service.sent.append({'queue': self.name, 'content': content})


class QueueServiceClientRecorder:
    """The v12 `QueueServiceClient` kombu 5.3+ uses: keeps the text handed to `send_message`."""

    sent = []

    def __init__(self, account_url=None, credential=None, **kwargs):
        self.account_url = account_url

    def list_queues(self, **kwargs):
        return []

    def create_queue(self, name, **kwargs):
        return _QueueClientRecorder(self, name)

    def get_queue_client(self, queue, **kwargs):
        return _QueueClientRecorder(self, queue)


def install_azure_queue(sent):
    """kombu 5.3+'s Azure transport with the v12 queue client recorded."""
    from kombu.transport import azurestoragequeues

    QueueServiceClientRecorder.sent = sent
    azurestoragequeues.QueueServiceClient = QueueServiceClientRecorder
    azurestoragequeues.Channel._queue_service = None
    azurestoragequeues.Channel._queue_name_cache.clear()
