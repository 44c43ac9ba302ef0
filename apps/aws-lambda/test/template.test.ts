import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const TAGS = ['Ref', 'Sub', 'GetAtt'].map((tag) => ({
  tag: `!${tag}`,
  resolve: (value: string) => ({ [tag]: value }),
}));
const templateText = readFileSync(new URL('../template.yaml', import.meta.url), 'utf8');
const template = parse(templateText, { customTags: TAGS });
const beatSchedule = JSON.parse(readFileSync(new URL('../beat.json', import.meta.url), 'utf8'));
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

  it('runs the beat handler with send rights on the queue alone', () => {
    const beat = resources.BeatFunction.Properties;
    expect(beat).toMatchObject({ Handler: 'beat.beat', CodeUri: 'dist/', Runtime: 'nodejs22.x' });
    expect(beat.Environment.Variables.CELERY_CLOUD_QUEUE_URL).toEqual({ Ref: 'TaskQueue' });
    expect(beat.Policies[0].Statement).toEqual([
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { GetAtt: 'TaskQueue.Arn' } },
    ]);
  });

  it('carries one EventBridge schedule per entry of beat.json, in UTC, whose input names the entry', () => {
    const events = Object.values(resources.BeatFunction.Properties.Events) as Array<{
      Type: string;
      Properties: { Input: string; ScheduleExpressionTimezone: string };
    }>;
    expect(events.map((e) => e.Type)).toEqual(Object.keys(beatSchedule).map(() => 'ScheduleV2'));
    expect(events.map((e) => JSON.parse(e.Properties.Input).entry)).toEqual(Object.keys(beatSchedule));
    expect(events.every((e) => e.Properties.ScheduleExpressionTimezone === 'UTC')).toBe(true);
  });

  it('holds the schedules `celery-cloud beat --template aws` writes from beat.json, unedited', () => {
    const repo = new URL('../../..', import.meta.url).pathname;
    const generated = execFileSync(
      'pnpm',
      ['--silent', 'celery-cloud', 'beat', '--template', 'aws', '--schedule', 'apps/aws-lambda/beat.json'],
      { cwd: repo, encoding: 'utf8' },
    );
    expect(generated).toContain('ScheduleExpression:');
    expect(templateText).toContain(`      Events:\n${generated}\nOutputs:`);
  });
});
