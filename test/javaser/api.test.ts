// The public API as the pipeline and the JDK comparison use it.
import { describe, expect, it } from 'vitest';
import { EventCollector, JavaStreamParser, parseAll, toJson, type ParseEvent, type TraceEvent } from '../../src/javaser/index.js';
import { StreamBuilder, stringArrayDesc } from './stream-builder.js';
import { describeEvents, parseChunks, prng, randomSplit, valuesOf } from './chunking.js';
import { seedStreams } from './corpus.js';

describe('JavaStreamParser API', () => {
  it('feed(...)/end() as jdk.test.ts uses it; parseAll gives the same', () => {
    for (const bytes of seedStreams()) {
      const p = new JavaStreamParser();
      const events = [...p.feed(bytes.subarray(0, 10)), ...p.feed(bytes.subarray(10)), ...p.end()];
      expect(describeEvents(parseAll(bytes))).toEqual(describeEvents(events));
      expect(describeEvents(parseAll(bytes, undefined, 3))).toEqual(describeEvents(events));
      events.filter((e) => e.type === 'value').forEach((e) => JSON.stringify(toJson(e.value)));
    }
  });

  it('accepts plain Uint8Arrays, and the caller may reuse its chunk buffer after feed()', () => {
    const rnd = prng(5);
    for (const bytes of seedStreams()) {
      const want = describeEvents(parseChunks([bytes]));
      const p = new JavaStreamParser();
      const events = [];
      const scratch = new Uint8Array(64);
      for (const piece of randomSplit(bytes, rnd, 17)) {
        scratch.set(piece);
        events.push(...p.feed(scratch.subarray(0, piece.length)));
        scratch.fill(0xee); // the network buffer gets reused
      }
      events.push(...p.end());
      expect(describeEvents(events)).toEqual(want);
    }
  });

  it('offsets count reported gaps, and streamOffset tells where the parser is', () => {
    const p = new JavaStreamParser();
    p.feed(Uint8Array.of(0xac, 0xed, 0x00, 0x05));
    p.gap(100);
    expect(p.streamOffset).toBe(104);
    const ev = [...p.feed(Uint8Array.of(0x74, 0x00, 0x01, 0x41)), ...p.end()];
    expect(ev.find((e) => e.type === 'value')).toMatchObject({ offset: 104, value: 'A' });
  });

  it('end() reports an incomplete trailing value as an error event; feeding after end() is a usage error', () => {
    const p = new JavaStreamParser();
    p.feed(Uint8Array.of(0xac, 0xed, 0x00, 0x05, 0x74, 0x00, 0x05, 0x41));
    const ev = p.end();
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ type: 'error', resumeOffset: 8 });
    expect(() => p.feed(Uint8Array.of(1))).toThrow(/after end/);
    expect(p.end()).toEqual([]);
  });

  it('the trace callback sees the structure with offsets and depths (and values stay the same)', () => {
    const trace: TraceEvent[] = [];
    const bytes = seedStreams()[1]!;
    const events = parseChunks([bytes], { trace: (e) => trace.push(e) });
    expect(describeEvents(events)).toEqual(describeEvents(parseChunks([bytes])));
    expect(trace[0]).toEqual({ offset: 0, depth: 0, text: 'stream header AC ED 00 05' });
    expect(trace.some((t) => t.depth === 1 && /^TC_CLASSDESC$/.test(t.text))).toBe(true);
    expect(trace.some((t) => /TC_STRING "RÄTZ" handle 0x7e0007/.test(t.text))).toBe(true);
  });

  it('feedTo/gapTo/endTo hand a sink the same events feed/gap/end return', () => {
    for (const bytes of seedStreams()) {
      const a = new JavaStreamParser();
      const b = new JavaStreamParser();
      const sink = new EventCollector();
      const returned: ParseEvent[] = [];
      const third = Math.floor(bytes.length / 3);
      returned.push(...a.feed(bytes.subarray(0, third)), ...a.gap(5), ...a.feed(bytes.subarray(third)), ...a.end());
      b.feedTo(bytes.subarray(0, third), sink);
      b.gapTo(5, sink);
      b.feedTo(bytes.subarray(third), sink);
      b.endTo(sink);
      expect(describeEvents(sink.take())).toEqual(describeEvents(returned));
    }
  });

  it('a row cut by the chunk end is read with the next chunk; lost or ended, it is reported at its offset', () => {
    // header, a String[] row (handles: 0 descriptor, 1 row, 2 "1", 3 "Rammingen"), then a row whose
    // descriptor is a reference (the quick path's shape)
    const b = new StreamBuilder().header();
    b.array(stringArrayDesc, 2, (x) => void x.str('1').str('Rammingen'));
    const rowAt = b.build().length;
    b.array((x) => void x.ref(0), 3, (x) => void x.str('2').str('MÜLLER Bärbel').ref(3));
    const bytes = b.build();
    const cut = rowAt + 14; // inside the name
    const whole = valuesOf(new JavaStreamParser().feed(bytes));
    expect(whole).toEqual([['1', 'Rammingen'], ['2', 'MÜLLER Bärbel', 'Rammingen']]);

    const p = new JavaStreamParser();
    expect(valuesOf(p.feed(bytes.subarray(0, cut)))).toEqual([whole[0]]);
    const next = p.feed(bytes.subarray(cut));
    expect(next).toEqual([{ type: 'value', value: whole[1], offset: rowAt }]);

    const lost = new JavaStreamParser();
    lost.feed(bytes.subarray(0, cut));
    const gap = lost.gap(3);
    expect(gap).toHaveLength(0);
    const after = lost.end();
    const gapError = after.find((e) => e.type === 'error' && e.error.code === 'GAP');
    expect(gapError?.type === 'error' && gapError.error.message).toContain(`dropped the partial value that began at offset ${rowAt}`);

    const ended = new JavaStreamParser();
    ended.feed(bytes.subarray(0, cut));
    const end = ended.end();
    expect(end).toHaveLength(1);
    expect(end[0]!.type === 'error' && [end[0]!.error.code, end[0]!.error.offset]).toEqual(['TRUNCATED', rowAt]);
  });

  it('a row cut anywhere, then lost, ended or unusual after the cut, reads as the general path reads it', () => {
    // The quick path keeps the elements before a cut (resumeRow finishes the row); a trace turns the
    // quick path off, so the traced parser is the reference for every cut, gap and end.
    const b = new StreamBuilder().header();
    b.array(stringArrayDesc, 1, (x) => void x.str('first'));
    b.array((x) => void x.ref(0), 4, (x) => void x.str('1').str('MÜLLER Bärbel').nul().ref(2));
    // An element the quick path turns down after the cut: a malformed string, then a reference to a row.
    b.array((x) => void x.ref(0), 3, (x) => void x.str('2').raw(0x74, 0x00, 0x02, 0xc3, 0x28).ref(1));
    b.array((x) => void x.ref(0), 2, (x) => void x.str('3').str('Rammingen'));
    // References after all that: a handle table off by one after a cut would show here.
    b.array((x) => void x.ref(0), 2, (x) => void x.ref(7).ref(11));
    // Top-level strings and references, cut like rows (unstash reads them with the quick loop).
    b.str('Zieleinlauf').ref(11).str('Ö').ref(13);
    const bytes = b.build();
    expect(valuesOf(new JavaStreamParser().feed(bytes)).slice(-5)).toEqual([['2', 'Rammingen'], 'Zieleinlauf', 'Rammingen', 'Ö', 'Zieleinlauf']);
    const general = { trace: () => undefined };
    for (let cut = 1; cut < bytes.length; cut++) {
      for (const plan of ['rest', 'gap', 'end', 'bytes'] as const) {
        const run = (options?: typeof general): string[] => {
          const p = new JavaStreamParser(options);
          const events = [...p.feed(bytes.subarray(0, cut))];
          if (plan === 'gap') events.push(...p.gap(3), ...p.feed(bytes.subarray(Math.min(bytes.length, cut + 3))));
          if (plan === 'rest') events.push(...p.feed(bytes.subarray(cut)));
          if (plan === 'bytes') for (let i = cut; i < bytes.length; i++) events.push(...p.feed(bytes.subarray(i, i + 1)));
          events.push(...p.end());
          return describeEvents(events);
        };
        expect(run(), `cut ${cut}, ${plan}`).toEqual(run(general));
      }
    }
  });

  it('a long row cut anywhere is read whole with the next chunk, the same as unsplit', () => {
    // Rows of 60-200 bytes after a first row that brings the descriptor: every cut position, and
    // next chunks shorter and longer than what the row still needs.
    const b = new StreamBuilder().header();
    b.array(stringArrayDesc, 1, (x) => void x.str('first'));
    const long = (k: number) => 'Ä'.repeat(k) + 'Laufclub Träger';
    for (const k of [10, 40, 70]) b.array((x) => void x.ref(0), 3, (x) => void x.str(String(k)).str(long(k)).str(long(k + 1)));
    const bytes = b.build();
    const truth = describeEvents(new JavaStreamParser().feed(bytes));
    for (let cut = 1; cut < bytes.length; cut++) {
      for (const next of [7, 100, 1000]) {
        const p = new JavaStreamParser();
        const events = [...p.feed(bytes.subarray(0, cut))];
        for (let i = cut; i < bytes.length; i += next) events.push(...p.feed(bytes.subarray(i, i + next)));
        events.push(...p.end());
        expect(describeEvents(events), `cut ${cut}, then ${next}-byte chunks`).toEqual(truth);
      }
    }
  });
});
