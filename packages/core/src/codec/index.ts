/** The Celery protocol codec: transports, envelope, serializers, protocols 1 and 2, result meta. */
export { formatPythonIso, parseCeleryDate } from './celeryDate.js';
export { compress, decompress, MAX_DECOMPRESSED_BYTES } from './compression.js';
export {
  DECODE_LIMIT_SETTINGS,
  DEFAULT_DECODE_LIMITS,
  DecodeLimitExceeded,
  decodeLimits,
} from './decodeLimits.js';
export type { DecodeLimitName, DecodeLimits } from './decodeLimits.js';
export { TRANSPORT_MAX_BYTES, decodeMessage } from './decodeMessage.js';
export { CELERY_HEADERS } from './taskProtocols.js';
export { encodeTaskMessage } from './encodeTaskMessage.js';
export type { TaskMessageInit } from './encodeTaskMessage.js';
export { MAX_JSON_DEPTH, parseKombuJson } from './kombuJson.js';
export { MAX_ENCODE_DEPTH, stringifyKombuJson } from './kombuJsonWriter.js';
export { toNormalizedTask } from './normalizeTask.js';
export { loadCodecs, withCodecs } from './optionalCodecs.js';
export { PyFloat } from './PyFloat.js';
export { argsRepr, exceptionRepr, kwargsRepr } from './pythonRepr.js';
export { decodeResultMeta, encodeGroupMeta, encodeResultMeta } from './resultMeta.js';
export type { DateDoneFormat } from './resultMeta.js';
export { CONTENT_TYPES, DEFAULT_ACCEPT, deserialize } from './serializers.js';
export { decodeBase64, unwrapTransport, wrapForTransport } from './transport.js';
export { fromWire, toWire } from './typeTags.js';
export { wireInteger, wireNumber } from './wireNumber.js';
