"""How each backend's writes are recorded, found again, and handed to the reading client."""
import base64
import json

import recorders

AZURE_CONNECTION = 'DefaultEndpointsProtocol=https;AccountName=devaccount;AccountKey=a2V5;EndpointSuffix=core.windows.net'


class DynamoDb:
    name = 'dynamodb'

    def url(self, extended):
        return 'dynamodb://@us-east-1/celery' + ('?ttl_seconds=3600' if extended else '')

    def conf(self, extended):
        return {}

    def key(self, prefix, ident):
        # Celery builds the key as bytes and this backend stores str() of it.
        return str(f'{prefix}{ident}'.encode())

    def install(self, records=None):
        recorder = recorders.DynamoDbRecorder(records)
        recorders.install_dynamodb(recorder)
        return recorder

    def find(self, recorder, key, state):
        """`stored` of the last write of `key` whose document has `state` (any state when None)."""
        for op, params, wire, _by in reversed(recorder.calls):
            if op == 'PutItem' and params['Item']['id']['S'] == key:
                doc = json.loads(params['Item']['result']['B'])
                if state is None or doc.get('status') == state:
                    return {'TableName': params['TableName'], 'Item': wire['Item'], 'result': doc,
                            'result_b64': wire['Item']['result']['B']}
        return None

    def document(self, stored):
        return stored['result']

    def calls(self, recorder):
        """Every call in order, on the AWS JSON wire, with the decoded document where the item has one."""
        out = []
        for op, params, wire, by in recorder.calls:
            call = {'op': op, 'params': wire}
            if 'result' in params.get('Item', {}):
                call['result'] = json.loads(params['Item']['result']['B'])
            call['by'] = by
            out.append(call)
        return out

    def reader_input(self, stored):
        return stored['Item']

    def reader_records(self, item_wire):
        """The one record a reading client sees, as boto3 would return it."""
        item = {}
        for name, value in item_wire.items():
            (kind, v), = value.items()
            item[name] = {kind: base64.b64decode(v) if kind == 'B' else v}
        return {item['id']['S']: item}


class AzureBlockBlob:
    name = 'azureblockblob'

    def url(self, extended):
        return f'azureblockblob://{AZURE_CONNECTION}'

    def conf(self, extended):
        return {'azureblockblob_base_path': 'ext/'} if extended else {}

    def key(self, prefix, ident):
        return f'{prefix}{ident}'

    def install(self, records=None):
        recorder = recorders.BlobRecorder(records)
        recorders.install_blob(recorder)
        return recorder

    def find(self, recorder, key, state):
        for upload in reversed(recorder.uploads):
            if upload['blob'].endswith(key):
                doc = json.loads(upload['data'])
                if state is None or doc.get('status') == state:
                    return {'container': upload['container'], 'blob': upload['blob'], 'overwrite': upload['overwrite'],
                            'content': doc, 'content_b64': base64.b64encode(upload['data']).decode('ascii')}
        return None

    def document(self, stored):
        return stored['content']

    def reader_input(self, stored):
        return {'container': stored['container'], 'blob': stored['blob'], 'content_b64': stored['content_b64']}

    def reader_records(self, blob):
        return {(blob['container'], blob['blob']): base64.b64decode(blob['content_b64'])}


class Gcs:
    name = 'gcs'

    def url(self, extended):
        return 'gs://vectors-results' + ('/extended' if extended else '') + '?gcs_project=celery-cloud-vectors'

    def conf(self, extended):
        return {}

    def key(self, prefix, ident):
        return f'{prefix}{ident}'

    def install(self, records=None):
        import google_standin

        google_standin.install()
        google_standin.StorageClient.blobs = dict(records or {})
        google_standin.StorageClient.uploads = []
        return google_standin.StorageClient

    def find(self, recorder, key, state):
        for upload in reversed(recorder.uploads):
            if upload['blob'].endswith(key):
                doc = json.loads(upload['data'])
                if state is None or doc.get('status') == state:
                    return {'bucket': upload['bucket'], 'blob': upload['blob'], 'content': doc,
                            'content_b64': base64.b64encode(upload['data']).decode('ascii')}
        return None

    def document(self, stored):
        return stored['content']

    def reader_input(self, stored):
        return {'bucket': stored['bucket'], 'blob': stored['blob'], 'content_b64': stored['content_b64']}

    def reader_records(self, blob):
        return {(blob['bucket'], blob['blob']): base64.b64decode(blob['content_b64'])}


STORES = {s.name: s for s in (DynamoDb(), AzureBlockBlob(), Gcs())}
