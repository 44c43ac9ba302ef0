/**
 * A TypeScript remote function as an AWS Lambda handler.
 */
import { type ExecutorAnswer, type RemoteFunction, stringifyKombuJson } from '@celery-cloud/core';

/**
 * The Lambda handler of a remote function (`lambda://` routes): the event is the executor
 * request, the returned object its `celery-cloud/1` answer; it never throws, so failures keep
 * their exception class and module.
 *
 * @example
 * ```ts
 * export const handler = lambdaRemoteFunction(defineRemoteFunction((_ctx, a: number, b: number) => a * b));
 * ```
 */
export function lambdaRemoteFunction(remote: RemoteFunction): (event: unknown) => Promise<ExecutorAnswer> {
  // The runtime serializes with JSON.stringify: hand it what the kombu JSON writer produced.
  return async (event) => JSON.parse(stringifyKombuJson(await remote.handle(event)));
}
