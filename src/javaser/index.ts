// The streaming Java Object Serialization parser: public API.
export { JavaStreamParser } from './parser.js';
export { parseAll } from './parse-all.js';
export { toJson, bytesToHex, type Json } from './to-json.js';
export { defaultParserOptions, type ParserOptions, type TraceEvent } from './options.js';
export { JavaSerError } from './errors.js';
export { EventCollector, type ParseEvent, type ParseSink } from './events.js';
export * from './values.js';
export { decodeMutf8 } from './mutf8.js';
