import { ConfigError } from '@celery-cloud/core';
import { describe, expect, it } from 'vitest';
import { parseLambdaTarget } from './parseLambdaTarget.js';

const parse = (route: string) => parseLambdaTarget(new URL(route));
const ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:resize';

describe('parseLambdaTarget', () => {
  it('reads a function name, with a version or an alias', () => {
    expect(parse('lambda://resize')).toEqual({
      functionName: 'resize',
      qualifier: undefined,
      region: undefined,
    });
    expect(parse('lambda://resize:3')).toEqual({ functionName: 'resize', qualifier: '3', region: undefined });
    expect(parse('lambda://resize%3Alive')).toMatchObject({ functionName: 'resize', qualifier: 'live' });
    expect(parse('lambda://resize?qualifier=live')).toMatchObject({
      functionName: 'resize',
      qualifier: 'live',
    });
  });

  it('reads a full ARN, encoded or not, taking the region from it', () => {
    expect(parse(`lambda://${encodeURIComponent(ARN)}`)).toEqual({
      functionName: ARN,
      qualifier: undefined,
      region: 'eu-west-1',
    });
    expect(parse(`lambda://${encodeURIComponent(`${ARN}:$LATEST`)}`)).toMatchObject({ qualifier: '$LATEST' });
    expect(parse(`lambda://${encodeURIComponent(`${ARN}:prod`)}#attempts=2`)).toEqual({
      functionName: ARN,
      qualifier: 'prod',
      region: 'eu-west-1',
    });
  });

  it('reads a partial ARN, which keeps the client region', () => {
    expect(parse(`lambda://${encodeURIComponent('123456789012:function:resize:7')}`)).toEqual({
      functionName: '123456789012:function:resize',
      qualifier: '7',
      region: undefined,
    });
  });

  it('refuses what the Invoke API would refuse, and two different qualifiers', () => {
    expect(() => parse('lambda://')).toThrow(ConfigError);
    expect(() => parse(`lambda://${encodeURIComponent('arn:aws:s3:::bucket')}`)).toThrow(
      /not a function name/,
    );
    expect(() => parse('lambda://resize%3Alive?qualifier=prod')).toThrow(
      /qualifier live and \?qualifier=prod/,
    );
  });
});
