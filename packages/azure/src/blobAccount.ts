/**
 * The Blob endpoint and credentials of an Azure Storage connection string, for the REST client.
 */
import { DEVSTORE_ACCOUNT, DEVSTORE_ACCOUNT_KEY } from './developmentStorage.js';

/** Azurite's Blob endpoint, as `UseDevelopmentStorage=true` names it. */
const DEVELOPMENT_ENDPOINT = `http://127.0.0.1:10000/${DEVSTORE_ACCOUNT}`;

/** A Blob service endpoint and how requests to it are authorized. */
export interface BlobAccount {
  /** The service endpoint without a trailing `/`: `https://acct.blob.core.windows.net`, `http://127.0.0.1:10000/devstoreaccount1`. */
  endpoint: string;
  /** The storage account name (Shared Key signs with it). */
  name: string;
  /** The decoded account key (Shared Key), or a SAS query string added to every request. */
  auth: { key: Buffer } | { sas: string };
}

function settingsOf(connectionString: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const part of connectionString.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) settings.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  return settings;
}

/**
 * The account of a connection string with an account key (`AccountName=…;AccountKey=…`, with
 * `BlobEndpoint` or `DefaultEndpointsProtocol`/`EndpointSuffix`), a shared access signature
 * (`BlobEndpoint=…;SharedAccessSignature=…`) or `UseDevelopmentStorage=true` (Azurite's defaults);
 * null for any other form, which the SDK is left to read.
 *
 * @example
 * ```ts
 * blobAccountOf('DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net');
 * // { endpoint: 'https://acct.blob.core.windows.net', name: 'acct', auth: { key: <Buffer 6b 65 79> } }
 * ```
 */
export function blobAccountOf(connectionString: string): BlobAccount | null {
  const settings = settingsOf(connectionString);
  if (settings.get('usedevelopmentstorage')?.toLowerCase() === 'true') {
    if (settings.has('developmentstorageproxyuri')) return null;
    return {
      endpoint: DEVELOPMENT_ENDPOINT,
      name: DEVSTORE_ACCOUNT,
      auth: { key: Buffer.from(DEVSTORE_ACCOUNT_KEY, 'base64') },
    };
  }
  const name = settings.get('accountname') ?? '';
  const protocol = (settings.get('defaultendpointsprotocol') || 'https').toLowerCase();
  const suffix = settings.get('endpointsuffix') || 'core.windows.net';
  const endpoint = (
    settings.get('blobendpoint') || (name ? `${protocol}://${name}.blob.${suffix}` : '')
  ).replace(/\/+$/, '');
  if (!endpoint) return null;
  const key = settings.get('accountkey');
  if (key && name) return { endpoint, name, auth: { key: Buffer.from(key, 'base64') } };
  const sas = settings.get('sharedaccesssignature')?.replace(/^\?/, '');
  if (sas) return { endpoint, name, auth: { sas } };
  return null;
}
