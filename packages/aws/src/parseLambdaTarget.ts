/**
 * What a `lambda://` route names, in every form the Lambda Invoke API accepts for `FunctionName`.
 */
import { ConfigError } from '@celery-cloud/core';

/** The function to invoke: `functionName` as the Invoke API takes it, its qualifier and region. */
export interface LambdaTarget {
  /** A name, a partial ARN (`123456789012:function:name`) or a full ARN, without qualifier. */
  functionName: string;
  /** A version or an alias, sent as the Invoke API's `Qualifier`. */
  qualifier: string | undefined;
  /** The region of a full ARN (the call goes there); undefined for names and partial ARNs. */
  region: string | undefined;
}

const NAME = '[A-Za-z0-9_-]{1,64}';
const QUALIFIER = '(?::(\\$LATEST|[A-Za-z0-9_-]{1,128}))?';
const FULL_ARN = new RegExp(`^(arn:aws[a-z-]*:lambda:([a-z0-9-]+):\\d{12}:function:${NAME})${QUALIFIER}$`);
const PARTIAL_ARN = new RegExp(`^(\\d{12}:function:${NAME})${QUALIFIER}$`);
const PLAIN = new RegExp(`^(${NAME})${QUALIFIER}$`);

/**
 * Read a `lambda://` route: `lambda://resize`, `lambda://resize:live`, `lambda://resize:3`,
 * `lambda://123456789012:function:resize[:qualifier]`,
 * `lambda://arn:aws:lambda:eu-west-1:123456789012:function:resize[:qualifier]` (region from the
 * ARN), with or without URL-encoding, and the older `?qualifier=` query. Throws
 * {@link ConfigError} for anything else, or two different qualifiers.
 *
 * @example
 * ```ts
 * parseLambdaTarget(new URL('lambda://arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Aresize%3Alive'));
 * // { functionName: 'arn:aws:lambda:eu-west-1:123456789012:function:resize', qualifier: 'live', region: 'eu-west-1' }
 * ```
 */
export function parseLambdaTarget(route: URL): LambdaTarget {
  const [text = ''] = route.href.slice(`${route.protocol}//`.length).split(/[?#]/);
  let raw: string;
  try {
    raw = decodeURIComponent(text.replace(/\/$/, ''));
  } catch {
    throw new ConfigError(`lambda route lambda://${text} is not valid URL encoding`);
  }
  if (!raw) throw new ConfigError('lambda route names no function: write lambda://<name or ARN>');
  const full = FULL_ARN.exec(raw);
  const match = full ?? PARTIAL_ARN.exec(raw) ?? PLAIN.exec(raw);
  if (!match)
    throw new ConfigError(
      `lambda://${raw} is not a function name, a partial ARN (<account>:function:<name>) or a Lambda ARN, each with an optional :<version or alias>`,
    );
  const fromQuery = route.searchParams.get('qualifier') ?? undefined;
  const inline = full ? full[3] : match[2];
  if (inline && fromQuery && inline !== fromQuery)
    throw new ConfigError(`lambda://${raw} names qualifier ${inline} and ?qualifier=${fromQuery}`);
  return {
    functionName: match[1] as string,
    qualifier: inline ?? fromQuery,
    region: full ? full[2] : undefined,
  };
}
