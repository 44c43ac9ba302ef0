import { ConfigError } from '@celery-cloud/core';
import { describe, expect, it } from 'vitest';
import { type DevOptions, chordModeEnv, parseDevOptions as parseDev } from './dev.js';
import { parseWorkerOptions } from './worker.js';

const parseDevOptions = (argv: string[], env: Record<string, string>) =>
  parseDev(argv, env).options as DevOptions<'aws'>;
const parseAzureDevOptions = (argv: string[]) => parseDev(argv, {}).options;
const parseGcpDevOptions = parseAzureDevOptions;

describe('parseDevOptions', () => {
  it('uses the documented defaults when only the provider is given', () => {
    expect(parseDevOptions(['--provider', 'aws'], {})).toEqual({
      tasks: null,
      tasksFile: null,
      batchSize: 10,
      batchingWindowMs: 0,
      visibilityTimeoutSeconds: 30,
      maxReceiveCount: 3,
      summaryIntervalSeconds: 10,
      region: 'us-east-1',
      queue: 'celery',
      table: 'celery',
      port: null,
      json: false,
      configOut: null,
      functions: null,
      sqsEndpoint: null,
      dynamodbEndpoint: null,
      lambdaEndpoint: null,
      demo: false,
      keepRunning: false,
      ui: false,
      uiPort: 0,
      beat: null,
      chordMode: null,
    });
  });

  it('takes --beat as the path of a schedule file, for every provider', () => {
    for (const provider of ['aws', 'azure', 'gcp'])
      expect(parseDev(['--provider', provider, '--beat', 'beat.json'], {}).options.beat).toBe('beat.json');
  });

  it('takes the max receive count from env CELERY_CLOUD_MAX_RECEIVE_COUNT unless the flag is given', () => {
    const env = { CELERY_CLOUD_MAX_RECEIVE_COUNT: '5' };
    expect(parseDevOptions(['--provider', 'aws'], env).maxReceiveCount).toBe(5);
    expect(parseDevOptions(['--provider', 'aws', '--max-receive-count', '2'], env).maxReceiveCount).toBe(2);
  });

  it('reads every flag', () => {
    const options = parseDevOptions(
      [
        '--provider=aws',
        '--queue=jobs',
        '--table=results',
        '--port=4566',
        '--json',
        '--tasks=t.ts',
        '--tasks-file=routes.json',
        '--functions=f.ts',
        '--batch-size=5',
        '--batching-window=200',
        '--visibility-timeout=60',
        '--max-receive-count=7',
        '--sqs-endpoint=http://127.0.0.1:1/',
        '--dynamodb-endpoint=http://127.0.0.1:2',
        '--lambda-endpoint=http://127.0.0.1:3',
        '--demo',
        '--keep-running',
      ],
      { AWS_REGION: 'eu-west-3' },
    );
    expect(options).toMatchObject({
      queue: 'jobs',
      table: 'results',
      port: 4566,
      json: true,
      tasks: 't.ts',
      tasksFile: 'routes.json',
      functions: 'f.ts',
      batchSize: 5,
      batchingWindowMs: 200,
      visibilityTimeoutSeconds: 60,
      maxReceiveCount: 7,
      sqsEndpoint: 'http://127.0.0.1:1',
      dynamodbEndpoint: 'http://127.0.0.1:2',
      lambdaEndpoint: 'http://127.0.0.1:3',
      demo: true,
      keepRunning: true,
      region: 'eu-west-3',
    });
  });

  it.each([
    [['--queue', 'x'], /--provider aws, azure or gcp is required/],
    [['--provider', 'ibm'], /--provider aws, azure or gcp is required/],
    [['--provider', 'aws', '--batch-size', '0'], /--batch-size must be an integer from 1/],
    [['--provider', 'aws', '--port', 'abc'], /--port must be an integer/],
    [['--provider', 'aws', '--queue', 'a.b'], /--queue must be an SQS queue name/],
    [['--provider', 'aws', '--sqs-endpoint', 'localhost:9'], /--sqs-endpoint must be an http\(s\) URL/],
    [['--provider', 'aws', '--no-such-flag'], /no-such-flag/],
  ])('refuses %j with a ConfigError', (argv, message) => {
    expect(() => parseDevOptions(argv, {})).toThrow(ConfigError);
    expect(() => parseDevOptions(argv, {})).toThrow(message);
  });
});

describe('--chord-mode', () => {
  it('sets the handler chord mode of dev on every provider, and refuses other values', () => {
    expect(chordModeEnv(parseDevOptions(['--provider', 'aws', '--chord-mode', 'counter'], {}))).toEqual({
      CELERY_CLOUD_CHORD_MODE: 'counter',
    });
    expect(parseAzureDevOptions(['--provider', 'azure', '--chord-mode', 'unlock']).chordMode).toBe('unlock');
    expect(chordModeEnv(parseGcpDevOptions(['--provider', 'gcp']))).toEqual({});
    expect(() => parseDevOptions(['--provider', 'aws', '--chord-mode', 'both'], {})).toThrow(
      '--chord-mode must be auto, unlock or counter, got "both"',
    );
  });
});

describe('parseWorkerOptions', () => {
  const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/celery';

  it('takes the queue URL from the flag or from env CELERY_CLOUD_QUEUE_URL', () => {
    expect(parseWorkerOptions(['--provider', 'aws', '--queue-url', queueUrl], {}).queueUrl).toBe(queueUrl);
    expect(parseWorkerOptions(['--provider', 'aws'], { CELERY_CLOUD_QUEUE_URL: queueUrl }).queueUrl).toBe(
      queueUrl,
    );
  });

  it('needs a queue URL', () => {
    expect(() => parseWorkerOptions(['--provider', 'aws'], {})).toThrow(/--queue-url/);
  });

  it('accepts only a dynamodb:// backend', () => {
    const argv = ['--provider', 'aws', '--queue-url', queueUrl];
    expect(parseWorkerOptions([...argv, '--backend', 'dynamodb://@eu-west-1/celery'], {}).backend).toBe(
      'dynamodb://@eu-west-1/celery',
    );
    expect(() => parseWorkerOptions([...argv, '--backend', 'redis://x'], {})).toThrow(/dynamodb:\/\//);
  });

  it('reads the container flags, with no time limit unless given', () => {
    const options = parseWorkerOptions(
      ['--provider', 'aws', '--queue-url', queueUrl, '--concurrency', '4', '--health-port', '8080'],
      {},
    );
    expect(options).toMatchObject({
      concurrency: 4,
      timeLimitSeconds: null,
      visibilityTimeoutSeconds: 60,
      waitTimeSeconds: 20,
      healthPort: 8080,
      healthHost: '127.0.0.1',
    });
    expect(
      parseWorkerOptions(['--provider', 'aws', '--queue-url', queueUrl, '--time-limit', '7200'], {}),
    ).toMatchObject({ timeLimitSeconds: 7200 });
  });

  it('receives as many messages ahead as the concurrency unless --prefetch says otherwise', () => {
    const aws = ['--provider', 'aws', '--queue-url', queueUrl];
    expect(parseWorkerOptions([...aws, '--concurrency', '4'], {}).prefetch).toBe(4);
    expect(parseWorkerOptions(aws, {}).prefetch).toBe(10);
    expect(parseWorkerOptions([...aws, '--concurrency', '4', '--prefetch', '0'], {}).prefetch).toBe(0);
    expect(() => parseWorkerOptions([...aws, '--prefetch', '-1'], {})).toThrow(/--prefetch/);
  });

  it('serves Azure and Google Cloud queues, each with its own backend scheme', () => {
    expect(parseWorkerOptions(['--provider', 'azure', '--queue', 'work'], {})).toMatchObject({
      provider: 'azure',
      queue: 'work',
      maxDequeueCount: 5,
    });
    expect(
      parseWorkerOptions(['--provider', 'gcp', '--subscription', 'kombu-celery-pull'], {}),
    ).toMatchObject({
      provider: 'gcp',
      subscription: 'kombu-celery-pull',
    });
    expect(() =>
      parseWorkerOptions(['--provider', 'gcp', '--backend', 'dynamodb://@eu-west-1/t'], {}),
    ).toThrow(/firestore:\/\//);
    expect(() =>
      parseWorkerOptions(['--provider', 'aws', '--queue-url', queueUrl, '--wait-time', '21'], {}),
    ).toThrow(/--wait-time/);
  });
});
