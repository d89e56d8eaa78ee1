// Messages -> JSON text through fast-json-stringify (Node only; the browser decodes with JSON.parse).
import fastJson from 'fast-json-stringify';
import type { Delta, Snapshot } from '../results/types.js';
import type { ErrorMessage, HelloMessage, ServerMessage, SubscribeMessage } from './messages.js';
import { deltaSchema, errorSchema, helloSchema, snapshotSchema, subscribeSchema } from './json-schemas.js';

// The schemas are `as const` literals; fast-json-stringify's own schema type is looser.
type AnySchema = Parameters<typeof fastJson>[0];
const compile = (schema: unknown): ((doc: unknown) => string) => fastJson(schema as AnySchema) as (doc: unknown) => string;

const stringifySnapshot = compile(snapshotSchema);
const stringifyDelta = compile(deltaSchema);
const stringifyHello = compile(helloSchema);
const stringifyError = compile(errorSchema);
const stringifySubscribe = compile(subscribeSchema);

export function encodeSnapshotJson(m: Snapshot): string {
  return stringifySnapshot(m);
}

export function encodeDeltaJson(m: Delta): string {
  return stringifyDelta(m);
}

export function encodeSubscribeJson(m: SubscribeMessage): string {
  return stringifySubscribe(m);
}

export function encodeServerMessageJson(m: ServerMessage): string {
  switch (m.type) {
    case 'snapshot':
      return stringifySnapshot(m);
    case 'delta':
      return stringifyDelta(m);
    case 'hello':
      return stringifyHello(m satisfies HelloMessage);
    case 'error':
      return stringifyError(m satisfies ErrorMessage);
  }
}
