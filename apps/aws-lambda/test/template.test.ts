import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const TAGS = ['Ref', 'Sub', 'GetAtt'].map((tag) => ({
  tag: `!${tag}`,
  resolve: (value: string) => ({ [tag]: value }),
}));
const template = parse(readFileSync(new URL('../template.yaml', import.meta.url), 'utf8'), {
  customTags: TAGS,
});
const resources = template.Resources;
const fn = resources.WorkerFunction.Properties;

describe('the SAM template', () => {
  it('runs the bundled handler on a current Node runtime', () => {
    expect(fn).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'handler.handler', CodeUri: 'dist/' });
  });

  it('reports partial batch failures from the SQS event source', () => {
    expect(fn.Events.Celery).toMatchObject({
      Type: 'SQS',
      Properties: { Queue: { GetAtt: 'TaskQueue.Arn' }, FunctionResponseTypes: ['ReportBatchItemFailures'] },
    });
  });

  it('dead-letters after maxReceiveCount and tells the function the same count', () => {
    expect(resources.TaskQueue.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { GetAtt: 'DeadLetterQueue.Arn' },
      maxReceiveCount: { Ref: 'MaxReceiveCount' },
    });
    expect(fn.Environment.Variables.CELERY_CLOUD_MAX_RECEIVE_COUNT).toEqual({ Ref: 'MaxReceiveCount' });
  });

  it('lets the deployer pick the chord mode of their Celery clients', () => {
    expect(fn.Environment.Variables.CELERY_CLOUD_CHORD_MODE).toEqual({ Ref: 'ChordMode' });
    expect(template.Parameters.ChordMode).toMatchObject({
      Default: 'auto',
      AllowedValues: ['auto', 'unlock', 'counter'],
    });
  });

  it("passes Celery's result_expires (one day by default) so the table's TTL deletes results", () => {
    expect(fn.Environment.Variables.CELERY_RESULT_EXPIRES).toEqual({ Ref: 'ResultExpires' });
    expect(template.Parameters.ResultExpires).toMatchObject({ Type: 'Number', Default: 86400 });
  });

  it('keys the table on id (S) as Celery does, with the ttl attribute', () => {
    expect(resources.ResultsTable.Properties).toMatchObject({
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    });
  });

  it('grants only the queue, table and listed functions, never a wildcard', () => {
    const statements = fn.Policies[0].Statement as Array<{ Action: string | string[]; Resource: unknown }>;
    expect(statements.map((s) => s.Resource)).toEqual([
      { GetAtt: 'TaskQueue.Arn' },
      { GetAtt: 'ResultsTable.Arn' },
      { Ref: 'RemoteFunctionArns' },
    ]);
    expect(JSON.stringify(statements)).not.toContain('*');
  });
});
