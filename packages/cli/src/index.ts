/** @celery-cloud/cli: the `celery-cloud` command. */
export {};
