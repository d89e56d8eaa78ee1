// Validates decoded messages and rebuilds them from known keys only (unknown keys are dropped, so
// newer servers can add fields; nothing hostile such as __proto__ survives). No Node APIs.
import { ROW_KEYS, type Competition, type CompetitionPatch, type Delta, type Finisher, type Row, type RowPatch, type Snapshot } from '../results/types.js';
import type { ErrorMessage, HelloMessage, IngestMessage, ServerMessage, SubscribeMessage } from './messages.js';
import { DEFAULT_WIRE_LIMITS, type WireLimits } from './limits.js';
import { WireError } from './wire-error.js';
import { wellFormed } from '../winlaufen/well-formed.js';

type Obj = Record<string, unknown>;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Uint8Array) return 'binary';
  if (typeof v === 'object') return v.constructor && v.constructor !== Object ? v.constructor.name : 'object';
  if (typeof v === 'string') return `string ${JSON.stringify(v.slice(0, 30))}${v.length > 30 ? '…' : ''}`;
  return `${typeof v} ${String(v).slice(0, 30)}`;
}

const fail = (path: string, detail: string): never => {
  throw new WireError('invalid', path, detail);
};

function obj(v: unknown, path: string): Obj {
  // Only plain objects: msgpack extensions (Date, Map, typed arrays) are not part of the protocol.
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(path, `expected an object, got ${describe(v)}`);
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return fail(path, `expected an object, got ${describe(v)}`);
  return v as Obj;
}

function arr(v: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(v)) return fail(path, `expected an array, got ${describe(v)}`);
  if (v.length > max) return fail(path, `has ${v.length} elements, more than the limit ${max}`);
  return v;
}

function str(v: unknown, path: string, max: number, minLength = 0): string {
  if (typeof v !== 'string') return fail(path, v === undefined ? 'is missing' : `expected a string, got ${describe(v)}`);
  if (v.length > max) return fail(path, `is ${v.length} characters long, more than the limit ${max}`);
  if (v.length < minLength) return fail(path, 'must not be empty');
  // Lone surrogates (possible in JSON text, not in UTF-8) become U+FFFD, as the results state does.
  return wellFormed(v);
}

function nstr(v: unknown, path: string, max: number): string | null {
  return v === null ? null : str(v, path, max);
}

function int(v: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) return fail(path, v === undefined ? 'is missing' : `expected a whole number, got ${describe(v)}`);
  if (v < min || v > max) return fail(path, `${v} is outside ${min}..${max}`);
  return v;
}

function nint(v: unknown, path: string, min: number, max?: number): number | null {
  return v === null ? null : int(v, path, min, max);
}

function literal<T extends string>(v: unknown, path: string, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    return fail(path, `expected ${allowed.map((a) => JSON.stringify(a)).join(' or ')}, got ${describe(v)}`);
  }
  return v as T;
}

/** One field of a row (all but bib), by key. */
function rowField(key: Exclude<(typeof ROW_KEYS)[number], 'bib'>, v: unknown, path: string, L: WireLimits): unknown {
  if (v === undefined) return fail(path, 'is missing');
  switch (key) {
    case 'rank':
      return nint(v, path, 1);
    case 'year':
      return nint(v, path, 0, 9999);
    default:
      return nstr(v, path, L.maxStringLength);
  }
}

function row(v: unknown, path: string, L: WireLimits): Row {
  const o = obj(v, path);
  const out: Record<string, unknown> = {};
  for (const k of ROW_KEYS) {
    out[k] = k === 'bib' ? int(o.bib, `${path}.bib`, 0) : rowField(k, o[k], `${path}.${k}`, L);
  }
  return out as unknown as Row;
}

function rowPatch(v: unknown, path: string, L: WireLimits): RowPatch {
  const o = obj(v, path);
  const out: Record<string, unknown> = { bib: int(o.bib, `${path}.bib`, 0) };
  for (const k of ROW_KEYS) {
    if (k === 'bib' || !Object.hasOwn(o, k) || o[k] === undefined) continue;
    out[k] = rowField(k, o[k], `${path}.${k}`, L);
  }
  return out as RowPatch;
}

function uniqueBibs(rows: Array<{ bib: number }>, path: string): void {
  const seen = new Set<number>();
  rows.forEach((r, i) => {
    if (seen.has(r.bib)) fail(`${path}[${i}].bib`, `bib ${r.bib} appears twice`);
    seen.add(r.bib);
  });
}

function finishers(v: unknown, path: string, L: WireLimits): Finisher[] {
  return arr(v, path, L.maxFinishers).map((f, i) => {
    const o = obj(f, `${path}[${i}]`);
    return { competition: str(o.competition, `${path}[${i}].competition`, L.maxIdLength, 1), bib: int(o.bib, `${path}[${i}].bib`, 0) };
  });
}

function epochAndSeq(o: Obj, L: WireLimits, minSeq: number): { epoch: string; seq: number } {
  return { epoch: str(o.epoch, 'epoch', L.maxIdLength, 1), seq: int(o.seq, 'seq', minSeq) };
}

function competitions<T>(v: unknown, L: WireLimits, read: (c: Obj, path: string, budget: { rows: number }) => T & { id: string }): T[] {
  const list = arr(v, 'competitions', L.maxCompetitions);
  const ids = new Set<string>();
  const budget = { rows: L.maxRowsTotal };
  return list.map((c, i) => {
    const path = `competitions[${i}]`;
    const out = read(obj(c, path), path, budget);
    if (ids.has(out.id)) fail(`${path}.id`, `competition ${JSON.stringify(out.id)} appears twice`);
    ids.add(out.id);
    return out;
  });
}

function rowList<T extends { bib: number }>(v: unknown, path: string, L: WireLimits, budget: { rows: number }, read: (r: unknown, p: string, L: WireLimits) => T): T[] {
  const list = arr(v, path, L.maxRowsPerCompetition);
  budget.rows -= list.length;
  if (budget.rows < 0) fail(path, `the message has more than ${L.maxRowsTotal} rows in all`);
  const rows = list.map((r, i) => read(r, `${path}[${i}]`, L));
  uniqueBibs(rows, path);
  return rows;
}

export function validateSnapshot(v: unknown, L: WireLimits = DEFAULT_WIRE_LIMITS): Snapshot {
  const o = obj(v, '$');
  literal(o.type, 'type', ['snapshot']);
  const { epoch, seq } = epochAndSeq(o, L, 0);
  const finisherLimit = int(o.finisherLimit, 'finisherLimit', 0, L.maxFinishers);
  const comps = competitions<Competition>(o.competitions, L, (c, path, budget) => ({
    id: str(c.id, `${path}.id`, L.maxIdLength, 1),
    name: c.name === undefined ? fail(`${path}.name`, 'is missing') : nstr(c.name, `${path}.name`, L.maxStringLength),
    rows: rowList(c.rows, `${path}.rows`, L, budget, row),
  }));
  const fins = finishers(o.finishers, 'finishers', L);
  if (fins.length > finisherLimit) fail('finishers', `has ${fins.length} entries, more than its finisherLimit ${finisherLimit}`);
  return { type: 'snapshot', epoch, seq, finisherLimit, competitions: comps, finishers: fins };
}

export function validateDelta(v: unknown, L: WireLimits = DEFAULT_WIRE_LIMITS): Delta {
  const o = obj(v, '$');
  literal(o.type, 'type', ['delta']);
  const { epoch, seq } = epochAndSeq(o, L, 1);
  const comps = competitions<CompetitionPatch>(o.competitions, L, (c, path, budget) => {
    const id = str(c.id, `${path}.id`, L.maxIdLength, 1);
    const rows = rowList(c.rows, `${path}.rows`, L, budget, rowPatch);
    return c.name === undefined ? { id, rows } : { id, name: nstr(c.name, `${path}.name`, L.maxStringLength), rows };
  });
  return { type: 'delta', epoch, seq, competitions: comps, finishers: finishers(o.finishers, 'finishers', L) };
}

function validateHello(o: Obj, L: WireLimits): HelloMessage {
  return { type: 'hello', protocol: int(o.protocol, 'protocol', 1, 1000), ...epochAndSeq(o, L, 0) };
}

function validateError(o: Obj, L: WireLimits): ErrorMessage {
  return { type: 'error', code: str(o.code, 'code', L.maxIdLength, 1), message: str(o.message, 'message', 4096) };
}

export function validateSubscribe(v: unknown, L: WireLimits = DEFAULT_WIRE_LIMITS): SubscribeMessage {
  const o = obj(v, '$');
  literal(o.type, 'type', ['subscribe']);
  const out: SubscribeMessage = {
    type: 'subscribe',
    competition: o.competition === undefined || o.competition === null ? null : str(o.competition, 'competition', L.maxIdLength, 1),
    encoding: o.encoding === undefined ? 'json' : literal(o.encoding, 'encoding', ['json', 'msgpack']),
  };
  if (o.resume !== undefined && o.resume !== null) {
    const r = obj(o.resume, 'resume');
    out.resume = { epoch: str(r.epoch, 'resume.epoch', L.maxIdLength, 1), seq: int(r.seq, 'resume.seq', 0) };
  }
  return out;
}

/** What a viewer receives. */
export function validateServerMessage(v: unknown, L: WireLimits = DEFAULT_WIRE_LIMITS): ServerMessage {
  const o = obj(v, '$');
  const type = literal(o.type, 'type', ['hello', 'snapshot', 'delta', 'error']);
  switch (type) {
    case 'hello':
      return validateHello(o, L);
    case 'snapshot':
      return validateSnapshot(o, L);
    case 'delta':
      return validateDelta(o, L);
    case 'error':
      return validateError(o, L);
  }
}

/** What a forwarder may send to /ingest. */
export function validateIngestMessage(v: unknown, L: WireLimits = DEFAULT_WIRE_LIMITS): IngestMessage {
  const o = obj(v, '$');
  const type = literal(o.type, 'type', ['snapshot', 'delta']);
  return type === 'snapshot' ? validateSnapshot(o, L) : validateDelta(o, L);
}
