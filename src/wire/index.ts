// The wire stage. Browser code imports decode.js, validate.js, messages.js, msgpack-structures.js
// directly; encode-json.js needs Node (fast-json-stringify).
export * from './messages.js';
export * from './limits.js';
export { WireError, type WireErrorCode } from './wire-error.js';
export * from './validate.js';
export * from './decode.js';
export { SHARED_STRUCTURES, sharedStructures } from './msgpack-structures.js';
export { encodeMsgpack } from './encode-msgpack.js';
export * from './encode-json.js';
export { decodeIngestJson, type IngestInput, type IngestJsonOptions } from './ingest.js';
