/** @celery-cloud/azure: Storage Queue trigger, Function invoker, Blob result store and Storage Queue publisher. */
export {};
