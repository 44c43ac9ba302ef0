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
