/** @celery-cloud/aws: SQS trigger, Lambda invoker, DynamoDB result store and SQS publisher. */
export {};
