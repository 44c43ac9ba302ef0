"""A Celery result backend for the results celery-cloud's Google Cloud function writes to Firestore.

Celery has no Firestore backend. Each task's result is the document ``celery-task-meta-<id>`` of
one collection, and its ``result`` field holds the JSON text a Celery key/value backend stores, so
Celery decodes it as usual: ``AsyncResult.get()``, ``.state``, exceptions, ``GroupResult.restore()``
and ``forget()`` work unchanged. Put this file on the client's path and configure::

    app = Celery(
        "proj",
        broker="gcpubsub://projects/my-proj",
        backend="celery_cloud_firestore:FirestoreBackend+firestore://my-proj/celery",
    )

The URL after ``+`` is the function's ``CELERY_RESULT_BACKEND``: ``firestore://<project>/<collection>``.
Needs ``google-cloud-firestore``, which honours ``FIRESTORE_EMULATOR_HOST``.
"""
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from celery.backends.base import KeyValueStoreBackend
from google.cloud import firestore


class FirestoreBackend(KeyValueStoreBackend):
    """Reads task results, saves group records (with ``expires_at`` for the TTL policy).

    With ``incr``, a chord saves its group record and sends no ``celery.chord_unlock`` task, as
    with Celery 5.5's ``gs://`` backend: deploy the function with ``CELERY_CLOUD_CHORD_MODE=counter``.
    """

    implements_incr = True

    def __init__(self, app, url=None, **kwargs):
        super().__init__(app, url=url, **kwargs)
        parts = urlsplit(url or "firestore://")
        client = firestore.Client(project=parts.hostname or None)
        self.collection = client.collection(parts.path.strip("/") or "celery")

    def _document(self, key):
        return self.collection.document(key.decode() if isinstance(key, bytes) else key)

    def get(self, key):
        snapshot = self._document(key).get()
        return snapshot.get("result") if snapshot.exists else None

    def mget(self, keys):
        return [self.get(key) for key in keys]

    def set(self, key, value):
        expires_at = datetime.now(timezone.utc) + timedelta(seconds=self.expires or 86400)
        text = value.decode() if isinstance(value, bytes) else value
        self._document(key).set({"result": text, "expires_at": expires_at})

    def delete(self, key):
        self._document(key).delete()

    def incr(self, key):
        # As Celery 5.5's GCS backend counts chord parts in Firestore (a worker's job; the
        # function does it): document chord-unlock-<group id>, field chord_count.
        result = self._document(key).set({"chord_count": firestore.Increment(1)}, merge=True)
        return result.transform_results[0].integer_value
