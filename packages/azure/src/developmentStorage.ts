/**
 * Azurite's development account: the name and key every Azurite answers to, published by Microsoft
 * and meant for local use only (`UseDevelopmentStorage=true` stands for them).
 */

/**
 * The development account's name: the last segment of Azurite's endpoints.
 *
 * @example
 * ```ts
 * const blobEndpoint = `http://127.0.0.1:10000/${DEVSTORE_ACCOUNT}`;
 * ```
 */
export const DEVSTORE_ACCOUNT = 'devstoreaccount1';

/**
 * The development account's published key (base64).
 *
 * @example
 * ```ts
 * const connectionString = `AccountName=${DEVSTORE_ACCOUNT};AccountKey=${DEVSTORE_ACCOUNT_KEY};BlobEndpoint=${endpoint}`;
 * ```
 */
export const DEVSTORE_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
