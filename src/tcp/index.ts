// Public surface of the TCP reassembly stage.
export { TcpReassembler, type StreamEventHandler, type ReassemblerStats } from './reassembler.js';
export { defaultReassemblerOptions, resolveOptions, type ReassemblerOptions } from './options.js';
export { streamIdOf } from './half-stream.js';
export type * from './types.js';
