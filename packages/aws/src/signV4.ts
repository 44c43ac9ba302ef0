/**
 * AWS Signature Version 4 for one JSON request (the published signing process: canonical request,
 * string to sign, a signing key derived per day, region and service). Used by the result store's
 * direct `PutItem`, which skips the SDK's per-call middleware; the key is derived once a day.
 */
import { createHash, createHmac } from 'node:crypto';

/** The credentials a request is signed with (an SDK credential provider's answer). */
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

/** A request to sign: everything the signature covers. */
export interface RequestToSign {
  method: string;
  /** `host[:port]` as sent in the `Host` header. */
  host: string;
  /** The URI path, already encoded (`/` for the JSON protocols). */
  path: string;
  /** Headers besides `host`, `x-amz-date` and `x-amz-security-token`, names in lower case. */
  headers: Record<string, string>;
  body: string;
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

/** `20150830T123600Z` from a time. */
const amzDate = (at: Date) => at.toISOString().replace(/[-:]|\.\d{3}/g, '');

/**
 * A SigV4 signer for one region and service; `sign` returns the headers to send (the request's
 * own, `host`, `x-amz-date`, the session token when there is one, and `authorization`).
 *
 * @example
 * ```ts
 * const signer = new SigV4Signer('eu-west-1', 'dynamodb');
 * const headers = signer.sign({ method: 'POST', host: 'dynamodb.eu-west-1.amazonaws.com', path: '/', headers: {}, body }, credentials, new Date());
 * ```
 */
export class SigV4Signer {
  #key: { id: string; day: string; secret: string; bytes: Buffer } | null = null;

  constructor(
    readonly region: string,
    readonly service: string,
  ) {}

  sign(request: RequestToSign, credentials: SigningCredentials, at: Date): Record<string, string> {
    const date = amzDate(at);
    const day = date.slice(0, 8);
    const headers: Record<string, string> = {
      ...request.headers,
      host: request.host,
      'x-amz-date': date,
      ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
    };
    const names = Object.keys(headers).sort();
    const signedHeaders = names.join(';');
    const canonical = [
      request.method,
      request.path,
      '',
      ...names.map((n) => `${n}:${String(headers[n]).trim().replace(/\s+/g, ' ')}`),
      '',
      signedHeaders,
      sha256Hex(request.body),
    ].join('\n');
    const scope = `${day}/${this.region}/${this.service}/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', date, scope, sha256Hex(canonical)].join('\n');
    const signature = createHmac('sha256', this.#signingKey(credentials, day)).update(toSign).digest('hex');
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return headers;
  }

  /** The day's key, derived again only when the day or the credentials change. */
  #signingKey(credentials: SigningCredentials, day: string): Buffer {
    const k = this.#key;
    if (k && k.day === day && k.id === credentials.accessKeyId && k.secret === credentials.secretAccessKey)
      return k.bytes;
    const bytes = hmac(
      hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), this.region), this.service),
      'aws4_request',
    );
    this.#key = { id: credentials.accessKeyId, day, secret: credentials.secretAccessKey, bytes };
    return bytes;
  }
}
