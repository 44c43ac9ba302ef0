import { CreateTableCommand, type DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';

/**
 * Create the results table as Celery's DynamoDB backend expects it: hash key `id` (S).
 * Idempotent.
 *
 * @example
 * ```ts
 * await createResultsTable(dynamo, 'celery');
 * ```
 */
export async function createResultsTable(dynamo: DynamoDBClient, table: string): Promise<void> {
  try {
    await dynamo.send(
      new CreateTableCommand({
        TableName: table,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } catch (e) {
    if (!(e instanceof ResourceInUseException)) throw e;
  }
}
