"""The `expect` block: a message decoded with plain decoders, independent of kombu's receive path."""
import base64
import bz2
import json
import zlib

import msgpack
import yaml

CELERY_HEADERS = {
    'lang', 'task', 'id', 'shadow', 'eta', 'expires', 'group', 'group_index', 'retries', 'timelimit',
    'root_id', 'parent_id', 'argsrepr', 'kwargsrepr', 'origin', 'ignore_result', 'replaced_task_nesting',
    'stamped_headers', 'stamps', 'meth', 'compression',
}
REFUSED = {'application/x-python-serialize'}
DECOMPRESS = {'application/x-gzip': zlib.decompress, 'application/x-bz2': bz2.decompress}


def envelope_of(transport, raw):
    """The kombu envelope inside what the cloud side receives."""
    if transport == 'sqs':
        text = raw if raw.lstrip().startswith('{') else base64.b64decode(raw).decode('utf-8')
    elif transport == 'pubsub':
        text = base64.b64decode(raw['data_base64']).decode('utf-8')
    else:
        text = raw
    return json.loads(text)


def _body(envelope):
    props = envelope['properties']
    body = envelope['body']
    data = base64.b64decode(body) if props.get('body_encoding') == 'base64' else body.encode('utf-8')
    compression = envelope['headers'].get('compression')
    if compression:
        data = DECOMPRESS[compression](data)
    content_type = envelope['content-type']
    if content_type == 'application/json':
        return json.loads(data.decode('utf-8'))
    if content_type == 'application/x-yaml':
        return yaml.safe_load(data.decode('utf-8'))
    if content_type == 'application/x-msgpack':
        return msgpack.unpackb(data, raw=False)
    raise ValueError(f'no decoder for {content_type}')


def expect_of(transport, raw):
    envelope = envelope_of(transport, raw)
    if envelope['content-type'] in REFUSED:
        return {'error': 'refused-content-type'}
    headers = envelope['headers']
    props = envelope['properties']
    body = _body(envelope)
    if 'task' in headers:
        args, kwargs, embed = body
        embed = embed or {}
        task = {
            'protocol': 2, 'id': headers['id'], 'task': headers['task'], 'args': args, 'kwargs': kwargs,
            'callbacks': embed.get('callbacks'), 'errbacks': embed.get('errbacks'),
            'chain': embed.get('chain'), 'chord': embed.get('chord'),
            'eta': headers.get('eta'), 'expires': headers.get('expires'), 'retries': headers.get('retries', 0),
            'timelimit': headers.get('timelimit', [None, None]), 'root_id': headers.get('root_id'),
            'parent_id': headers.get('parent_id'), 'group': headers.get('group'),
            'group_index': headers.get('group_index'), 'shadow': headers.get('shadow'),
            'ignore_result': headers.get('ignore_result'), 'origin': headers.get('origin'),
        }
        own = CELERY_HEADERS | set(headers.get('stamped_headers') or [])
        custom = {k: v for k, v in headers.items() if k not in own}
        stamps = headers.get('stamps')
    else:
        task = {
            'protocol': 1, 'id': body['id'], 'task': body['task'], 'args': body.get('args', []),
            'kwargs': body.get('kwargs', {}), 'callbacks': body.get('callbacks'), 'errbacks': body.get('errbacks'),
            'chain': None, 'chord': body.get('chord'), 'eta': body.get('eta'), 'expires': body.get('expires'),
            'retries': body.get('retries', 0), 'timelimit': body.get('timelimit', [None, None]),
            'root_id': None, 'parent_id': None, 'group': body.get('taskset'),
            'group_index': body.get('group_index'), 'shadow': None, 'ignore_result': None, 'origin': None,
        }
        custom = {}
        stamps = None
    task.update({
        'reply_to': props.get('reply_to'), 'correlation_id': props.get('correlation_id'),
        'routing_key': props['delivery_info']['routing_key'], 'priority': props.get('priority'),
        'content_type': envelope['content-type'], 'content_encoding': envelope['content-encoding'],
        'custom_headers': custom, 'stamps': stamps,
    })
    return task
