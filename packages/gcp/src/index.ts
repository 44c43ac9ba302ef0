/** @celery-cloud/gcp: Pub/Sub trigger, Cloud Function invoker, Firestore result store and Pub/Sub publisher. */
export {};
