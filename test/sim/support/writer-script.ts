// One sequence of writer calls, turned three ways: our writer's bytes, the SimOps script that makes
// the JDK write the same sequence, and what SimRead --ids must print when it reads the stream back.
import { JavaStreamWriter } from '../../../src/sim/java-writer.js';
import { JavaInteger, JavaSharedString, JavaStringArray, type JavaWritable } from '../../../src/sim/java-values.js';

export type WriterStep =
  | { op: 'write'; value: JavaWritable }
  | { op: 'reset' }
  | { op: 'bytes'; data: Uint8Array }
  | { op: 'flush' };

export function writeWithOurs(steps: WriterStep[]): Buffer {
  const w = new JavaStreamWriter();
  const chunks: Buffer[] = [];
  for (const s of steps) {
    if (s.op === 'write') w.writeObject(s.value);
    else if (s.op === 'reset') w.reset();
    else if (s.op === 'bytes') w.writeBytes(s.data);
    else chunks.push(w.flush());
  }
  chunks.push(w.flush());
  return Buffer.concat(chunks);
}

const utf16Hex = (s: string): string =>
  Array.from({ length: s.length }, (_, i) => s.charCodeAt(i).toString(16).padStart(4, '0')).join('');

export function simOpsScript(steps: WriterStep[]): string {
  const lines: string[] = [];
  const keys = new Map<object, number>();
  let nextKey = 0;
  const define = (v: Exclude<JavaWritable, null>): number => {
    if (typeof v !== 'string') {
      const known = keys.get(v);
      if (known !== undefined) return known;
    }
    let line: string;
    const key = nextKey++;
    if (typeof v === 'string') line = `s ${key} ${utf16Hex(v)}`;
    else if (v instanceof JavaSharedString) line = `s ${key} ${utf16Hex(v.value)}`;
    else if (v instanceof JavaInteger) line = `i ${key} ${v.value}`;
    else {
      const items = v.items.map((x) => (x === null ? '_' : String(define(x))));
      line = `a ${key} ${items.join(' ')}`.trimEnd();
    }
    if (typeof v !== 'string') keys.set(v, key);
    lines.push(line);
    return key;
  };
  for (const s of steps) {
    if (s.op === 'write') lines.push(s.value === null ? 'n' : `w ${define(s.value)}`);
    else if (s.op === 'reset') lines.push('r');
    else if (s.op === 'bytes') lines.push(`b ${Buffer.from(s.data).toString('hex')}`);
    else lines.push('f');
  }
  return `${lines.join('\n')}\n`;
}

/** SimRead --ids output for the stream: instances numbered by first appearance, new after a reset. */
export function expectedJdkReading(steps: WriterStep[]): unknown[] {
  const out: unknown[] = [];
  let ids = new Map<object, number>();
  let nextId = 0;
  let pending: number[] = [];
  // a back-referenced array prints its (already numbered) elements again, unchanged
  let arrayAgain = new Map<object, unknown>();
  const value = (v: JavaWritable): unknown => {
    if (v === null) return null;
    let id: number | undefined = typeof v === 'string' ? undefined : ids.get(v);
    const isNew = id === undefined;
    if (id === undefined) {
      id = nextId++;
      if (typeof v !== 'string') ids.set(v, id);
    }
    let inner: unknown;
    if (typeof v === 'string') inner = v;
    else if (v instanceof JavaSharedString) inner = v.value;
    else if (v instanceof JavaInteger) inner = v.value;
    else if (v instanceof JavaStringArray) inner = isNew ? v.items.map(value) : arrayAgain.get(v);
    if (v instanceof JavaStringArray && isNew) arrayAgain.set(v, inner);
    return { $id: id, v: inner };
  };
  // ObjectInputStream reports primitive data one wire block at a time (blocks hold <= 1024 bytes)
  const flushBlock = (): void => {
    for (let i = 0; i < pending.length; i += 1024) {
      out.push({ $blockdata: Buffer.from(pending.slice(i, i + 1024)).toString('hex') });
    }
    pending = [];
  };
  for (const s of steps) {
    if (s.op === 'bytes') {
      pending.push(...s.data);
      continue;
    }
    if (s.op === 'write') {
      flushBlock();
      out.push(value(s.value));
    } else if (s.op === 'reset') {
      flushBlock();
      ids = new Map();
      arrayAgain = new Map();
    } else {
      flushBlock(); // flush() ends the current block
    }
  }
  flushBlock();
  return out;
}
