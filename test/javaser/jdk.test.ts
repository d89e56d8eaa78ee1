// The parser against the JDK's own reading (ground truth): fixtures/java writes streams for every
// grammar feature, random object graphs and a Winlaufen-like stream, and JdkDump prints what
// ObjectInputStream reads from each (docs/javaser-json.md). The parser must give the same values for
// every chunking, and after joining mid-stream either the JDK's value or an explicit unresolved one.
import { afterAll, describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JavaStreamParser, toJson } from '../../src/javaser/index.js';
import type { ParseEvent } from '../../src/javaser/events.js';
import {
  compileJavaFixtures,
  firstDifference,
  normaliseJson,
  readJdkOffsets,
  readJsonLines,
  runJava,
  subValues,
  type JdkValueAt,
} from '../support/java.js';
import { prng } from '../support/prng.js';

// One JVM per fixture program (not per file), all before collecting the tests below.
compileJavaFixtures();
const dir = mkdtempSync(join(tmpdir(), 'racewire-jdk-'));
const grammarDir = join(dir, 'grammar');
const randomDir = join(dir, 'random');
const winlaufen = join(dir, 'winlaufen.ser');
const winlaufenNoReset = join(dir, 'winlaufen-noreset.ser');
await Promise.all([
  runJava('GrammarFixtures', [grammarDir]),
  runJava('RandomGraphs', [randomDir, '200', '1']),
  (async () => {
    await runJava('WinlaufenStream', [winlaufen, '400000', '7', '40']);
    await runJava('WinlaufenStream', [winlaufenNoReset, '150000', '8', '0']);
    await runJava('JdkDump', ['--expected', '--offsets', winlaufen, winlaufenNoReset]);
  })(),
]);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const serFiles = (d: string) =>
  readdirSync(d)
    .filter((f) => f.endsWith('.ser'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((f) => join(d, f));


type Chunking = { name: string; split: (bytes: Buffer) => Buffer[] };

const fixed = (n: number): Chunking => ({
  name: `${n}-byte chunks`,
  split: (b) => {
    const out: Buffer[] = [];
    for (let i = 0; i < b.length; i += n) out.push(b.subarray(i, i + n));
    return out;
  },
});

const random = (seed: number): Chunking => ({
  name: `random chunks (seed ${seed})`,
  split: (b) => {
    const next = prng(seed);
    const out: Buffer[] = [];
    for (let i = 0; i < b.length; ) {
      // Mostly short pieces, now and then single bytes and long runs.
      const r = next();
      const n = r < 0.2 ? 1 : r < 0.9 ? 1 + Math.floor(next() * 64) : 1 + Math.floor(next() * 5000);
      out.push(b.subarray(i, i + n));
      i += n;
    }
    return out;
  },
});

const chunkings: Chunking[] = [{ name: 'whole buffer', split: (b) => [b] }, fixed(1460), random(1), random(2), random(3)];

/** Streams up to this size are also fed one byte at a time. */
const ONE_BYTE_MAX = 64 * 1024;
/** Streams up to this size are also split in two at every byte position (larger ones up to 4x: every 7th). */
const EVERY_SPLIT_MAX = 2 * 1024;

function parse(chunks: Buffer[]): ParseEvent[] {
  const p = new JavaStreamParser();
  const events: ParseEvent[] = [];
  for (const c of chunks) for (const e of p.feed(c)) events.push(e);
  for (const e of p.end()) events.push(e);
  return events;
}

function valuesOf(events: ParseEvent[]): unknown[] {
  return events.filter((e) => e.type === 'value').map((e) => normaliseJson(toJson(e.value)));
}

function errorsOf(events: ParseEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'error' ? [`${e.error.message} (resumed at ${e.resumeOffset})`] : []));
}

/** The first mismatch between the parser's values and the JDK's lines, or null. */
function compareAll(parser: unknown[], jdk: unknown[]): string | null {
  for (let i = 0; i < Math.max(parser.length, jdk.length); i++) {
    if (i >= parser.length) return `value #${i}: missing in the parser's output (${parser.length} values, JDK ${jdk.length})`;
    if (i >= jdk.length) return `value #${i}: extra in the parser's output (${parser.length} values, JDK ${jdk.length})`;
    const d = firstDifference(parser[i], jdk[i]);
    if (d) return `value #${i}: ${d}`;
  }
  return null;
}

function expectSameAsJdk(file: string, everySplit: boolean): void {
  const bytes = readFileSync(file);
  const jdk = readJsonLines(`${file}.jsonl`).map(normaliseJson);
  const all = bytes.length <= ONE_BYTE_MAX ? [...chunkings, fixed(1)] : chunkings;
  for (const c of all) {
    const events = parse(c.split(bytes));
    noProblems(c.name, errorsOf(events));
    noProblems(c.name, [compareAll(valuesOf(events), jdk)]);
  }
  if (everySplit && bytes.length <= 4 * EVERY_SPLIT_MAX) {
    // Values only (compared as JSON text): the whole-buffer reading above already equals the JDK's.
    const whole = JSON.stringify(valuesOf(parse([bytes])));
    const stride = bytes.length <= EVERY_SPLIT_MAX ? 1 : 7;
    for (let at = 1; at < bytes.length; at += stride) {
      const events = parse([bytes.subarray(0, at), bytes.subarray(at)]);
      const got = JSON.stringify(valuesOf(events));
      if (got !== whole || errorsOf(events).length) noProblems(`split at byte ${at}`, [...errorsOf(events), compareAll(valuesOf(events), jdk)]);
    }
  }
}

/** Fails with the whole text of the problems (expect() would shorten it). */
function noProblems(what: string, problems: Array<string | null>): void {
  const real = problems.filter((p): p is string => p !== null);
  if (real.length) throw new Error(`${what}:\n  ${real.slice(0, 5).join('\n  ')}${real.length > 5 ? `\n  ... ${real.length - 5} more` : ''}`);
}

// Externalizable data written with PROTOCOL_VERSION_1 has no block-data framing: only the class's
// readExternal knows where it ends, so without the class no reader can find the end. The parser
// must say so clearly and carry on; it cannot match the JDK's reading there.
const UNDELIMITABLE = 'externalizable-v1.ser';

describe('parser = JDK on the grammar fixtures', () => {
  it.each(serFiles(grammarDir).filter((f) => !f.endsWith(`/${UNDELIMITABLE}`)).map((f) => [f.slice(grammarDir.length + 1), f]))('%s', (_name, file) => {
    expectSameAsJdk(file, true);
  });

  it(`${UNDELIMITABLE}: reported as unreadable with its offset, in every chunking, and parsing goes on`, () => {
    const file = serFiles(grammarDir).find((f) => f.endsWith(`/${UNDELIMITABLE}`))!;
    expect(file).toBeDefined();
    const bytes = readFileSync(file);
    const whole = parse([bytes]);
    const errors = whole.flatMap((e) => (e.type === 'error' ? [e.error] : []));
    expect(errors[0]?.code).toBe('EXTERNALIZABLE_V1');
    expect(errors[0]?.message).toMatch(/at byte offset \d+/);
    const first = valuesOf(whole)[0] as Record<string, unknown>;
    expect(first.$unreadable).toBe('fx.ExtObjectsOnly');
    for (const c of [...chunkings, fixed(1)]) expect(JSON.stringify(valuesOf(parse(c.split(bytes))))).toBe(JSON.stringify(valuesOf(whole)));
  });
});

describe('parser = JDK on random object graphs (200 seeds)', () => {
  it.each(serFiles(randomDir).map((f) => [f.slice(randomDir.length + 1), f]))('%s', (_name, file) => {
    expectSameAsJdk(file, false);
  });
});

describe('parser = JDK on the Winlaufen-like stream', () => {
  for (const file of [winlaufen, winlaufenNoReset]) {
    const name = file.slice(dir.length + 1);
    it(`${name}: every chunking gives the JDK's values`, () => {
      const bytes = readFileSync(file);
      const jdk = readJdkOffsets(`${file}.jsonl`);
      for (const c of chunkings) {
        const events = parse(c.split(bytes));
        noProblems(c.name, errorsOf(events));
        noProblems(c.name, [compareAll(valuesOf(events), jdk.map((j) => normaliseJson(j.value)))]);
        const offsets = events.flatMap((e) => (e.type === 'value' ? [e.offset] : []));
        const wrongAt = jdk.findIndex((j, i) => offsets[i] !== j.offset);
        if (wrongAt >= 0) noProblems(c.name, [`value #${wrongAt} at offset ${offsets[wrongAt]}, JDK ${jdk[wrongAt]!.offset}`]);
      }
    });

    it(`${name}: joined mid-stream, every value is the JDK's or explicitly unresolved`, () => {
      const bytes = readFileSync(file);
      const jdk = readJdkOffsets(`${file}.jsonl`);
      const next = prng(name.length * 7919);
      const cuts = [jdk[3]!.offset, jdk[3]!.offset + 1, ...Array.from({ length: 10 }, () => 5 + Math.floor(next() * (bytes.length - 200)))];
      // Cuts right at (and just before) a 0x79 byte that is data, not TC_RESET (the 'y' of a name):
      // taking it for a reset would make the parser trust handle numbers it cannot know.
      const realResets = new Set(jdk.flatMap((j) => Array.from({ length: j.resetsBefore }, (_, i) => j.offset - 1 - i)));
      const fakeResets = [...bytes.keys()].filter((i) => i > 4 && bytes[i] === 0x79 && !realResets.has(i));
      for (let k = 0; k < 4 && fakeResets.length; k++) {
        const at = fakeResets[Math.floor(next() * fakeResets.length)]!;
        cuts.push(at, at - 1);
      }
      for (const cut of cuts) {
        noProblems(`cut at byte ${cut} of ${bytes.length}`, checkMidStream(bytes, jdk, cut));
      }
    });

    it(`${name}: after a reported gap, every value is the JDK's or explicitly unresolved`, () => {
      const bytes = readFileSync(file);
      const jdk = readJdkOffsets(`${file}.jsonl`);
      const next = prng(name.length * 104729);
      for (let k = 0; k < 10; k++) {
        const at = 100 + Math.floor(next() * (bytes.length - 5000));
        const length = [1, 7, 1460, 2920][k % 4]!;
        noProblems(`gap of ${length} bytes at ${at}`, checkGap(bytes, jdk, at, length));
      }
    });
  }
});

describe("Winlaufen-like stream: the writer's final results", () => {
  it('the last row per bib and competition read by the parser equals WinlaufenStream.results.json', () => {
    const values = valuesOf(parse(fixed(1460).split(readFileSync(winlaufen))));
    // Per update: lead marker, competition, page, row count, the rows, three trailer markers.
    const last = new Map<string, unknown>();
    let numbers: number[] = [];
    for (const v of values) {
      if (typeof v === 'number') numbers.push(v);
      else if (Array.isArray(v) && v.length === 7) {
        const [rank, bib, name, club, ageGroup, time, gap] = v as string[];
        last.set(`${numbers[0]}/${bib}`, { competition: numbers[0], rank, bib, name, club, ageGroup, time, gap });
      } else numbers = [];
    }
    const expected = JSON.parse(readFileSync(`${winlaufen}.results.json`, 'utf8')) as Array<{ competition: number; bib: string }>;
    const got = expected.map((r) => last.get(`${r.competition}/${r.bib}`));
    noProblems('final results', [last.size === expected.length ? null : `${last.size} bibs read, ${expected.length} written`, firstDifference(got, expected)]);
  });
});

/** Bytes [start, end) of the stream the parser never saw: the part before a cut, or a reported gap. */
interface Hole {
  start: number;
  end: number;
}

/** Feeds the stream from `cut` on, without its header: the parser joins mid-stream. */
function checkMidStream(bytes: Buffer, jdk: JdkValueAt[], cut: number): string[] {
  const events = parse(fixed(1460).split(bytes.subarray(cut)));
  return checkAroundHole(jdk, events, cut, { start: 0, end: cut }, bytes.length);
}

/** Feeds the whole stream but reports bytes [at, at+length) as lost (gap()), as the reassembler would. */
function checkGap(bytes: Buffer, jdk: JdkValueAt[], at: number, length: number): string[] {
  const p = new JavaStreamParser();
  const events: ParseEvent[] = [];
  for (const c of fixed(1460).split(bytes.subarray(0, at))) events.push(...p.feed(c));
  events.push(...p.gap(length));
  for (const c of fixed(1460).split(bytes.subarray(at + length))) events.push(...p.feed(c));
  events.push(...p.end());
  return checkAroundHole(jdk, events, 0, { start: at, end: at + length }, bytes.length);
}

/**
 * Lists every value that is wrong around a hole in what the parser saw. Values wholly before the
 * hole must equal the JDK's. The value the hole cuts into may only come out up to explicitly
 * unresolved parts. Between the hole and the next top-level boundary the parser may resynchronise
 * inside the cut object: what it yields there must be one of that object's inner values. After
 * that, every value must sit at a top-level offset and equal the JDK's value up to explicitly
 * unresolved parts (exactly, once a TC_RESET has passed), and none may be missing.
 * `base` is added to event offsets (a parser fed from a cut counts from the cut).
 */
function checkAroundHole(jdk: JdkValueAt[], events: ParseEvent[], base: number, hole: Hole, streamLength: number): string[] {
  const byOffset = new Map(jdk.map((j) => [j.offset, j]));
  const firstBoundary = jdk.find((j) => j.offset >= hole.end)?.offset ?? streamLength;
  const enclosing = [...jdk].reverse().find((j) => j.offset < hole.end);
  const cutInto = [...jdk].reverse().find((j) => j.offset < hole.start);
  const inner = enclosing ? subValues(normaliseJson(enclosing.value)) : [];
  const problems: string[] = [];
  let resetSeen = false;
  let firstInStep: number | null = null;
  const seen = new Set<number>();
  for (const e of events) {
    if (e.type !== 'value') continue;
    const at = base + e.offset;
    const value = normaliseJson(toJson(e.value));
    const top = byOffset.get(at);
    if (at < hole.start) {
      const d = top ? firstDifference(value, normaliseJson(top.value), top === cutInto) : `not at a top-level offset: ${JSON.stringify(value).slice(0, 200)}`;
      if (d) problems.push(`value at ${at}, before the hole at ${hole.start}: ${d}`);
    } else if (top) {
      if (top.resetsBefore > 0 && at > hole.end) resetSeen = true;
      const d = firstDifference(value, normaliseJson(top.value), !resetSeen);
      if (d) problems.push(`value at ${at}${resetSeen ? ' (after a reset)' : ''}: ${d}`);
      firstInStep ??= at;
      seen.add(at);
    } else if (at < firstBoundary) {
      if (!inner.some((v) => firstDifference(value, v, true) === null)) {
        problems.push(`value at ${at} inside the cut object (${JSON.stringify(enclosing?.value).slice(0, 200)}) is none of its parts: ${JSON.stringify(value).slice(0, 200)}`);
      }
    } else {
      problems.push(`value at ${at} is not at a top-level offset: ${JSON.stringify(value).slice(0, 200)}`);
    }
  }
  const before = jdk.filter((j) => j.offset < hole.start && j !== cutInto && !events.some((e) => e.type === 'value' && base + e.offset === j.offset));
  if (before.length) problems.push(`${before.length} values before the hole lost, first at ${before[0]!.offset}`);
  if (firstInStep === null) problems.push('no top-level value found after the hole');
  else {
    const lost = jdk.filter((j) => j.offset > firstInStep! && !seen.has(j.offset));
    if (lost.length) problems.push(`${lost.length} top-level values lost after getting in step at ${firstInStep}, first at ${lost[0]!.offset}`);
  }
  return problems;
}
