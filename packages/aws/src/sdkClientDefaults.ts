/**
 * What every SDK client this package makes is given besides its endpoint, region and
 * credentials: `cacheMiddleware`, so a client resolves each command's middleware stack once
 * instead of on every call. No client here adds middleware after its first call, which is what
 * the cache asks. Measured on a DynamoDB `PutItem` against the local emulator, 4 at a time: the
 * client's CPU per call fell from 890 to 690 µs (median of 14 rounds). A call made with options
 * (the poller's receive, which passes its abort signal) is resolved as before.
 *
 * @example
 * ```ts
 * const dynamo = new DynamoDBClient({ ...SDK_CLIENT_DEFAULTS, region: 'eu-west-1' });
 * ```
 */
export const SDK_CLIENT_DEFAULTS = { cacheMiddleware: true } as const;
