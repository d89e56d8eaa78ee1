// `racewire replay` on captures of JDK-written Winlaufen-like races over real TCP
// (fixtures/winlaufen/make-captures.sh), against the results the Java sender itself wrote down.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const dir = new URL('../../fixtures/winlaufen/captures/', import.meta.url);
const path = (name: string) => new URL(name, dir).pathname;

interface Row {
  rank: number | null;
  bib: number;
  [field: string]: unknown;
}
interface Doc {
  competitions: Array<{ id: string; name?: string; rows: Row[] }>;
}

const expected = (name: string): Doc => JSON.parse(readFileSync(path(name), 'utf8')) as Doc;

async function replay(capture: string, ...args: string[]): Promise<Doc> {
  const r = await runCli(['replay', path(capture), '--quiet', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Doc;
}

/** Where the capture is incomplete: every field shown must be the true one; unknown may stay null. */
function expectNothingInvented(got: Doc, truth: Doc): { rows: number; fields: number; known: number } {
  const truthRows = new Map<string, Row>();
  for (const c of truth.competitions) for (const r of c.rows) truthRows.set(`${c.id}/${r.bib}`, r);
  let rows = 0;
  let fields = 0;
  let known = 0;
  for (const c of got.competitions) {
    for (const row of c.rows) {
      const t = truthRows.get(`${c.id}/${row.bib}`);
      expect(t, `row ${c.id}/${row.bib} does not exist in the race`).toBeDefined();
      rows++;
      for (const [k, v] of Object.entries(row)) {
        fields++;
        if (v === null) continue;
        known++;
        expect(v, `${c.id}/${row.bib} ${k}`).toEqual(t![k]);
      }
    }
  }
  return { rows, fields, known };
}

const totalRows = (d: Doc) => d.competitions.reduce((n, c) => n + c.rows.length, 0);

describe('replay --print results on complete captures', () => {
  it.each([
    ['complete.pcap', 'complete.expected.json'],
    ['resets.pcap', 'resets.expected.json'],
    ['lossy.pcap', 'lossy.expected.json'],
  ])('%s equals what the sender wrote', async (capture, truth) => {
    expect(await replay(capture)).toEqual(expected(truth));
  });

  it('merges the start list: nation, year and gender added, nothing the stream sent overridden', async () => {
    const got = await replay('complete.pcap', '--startlist', path('complete.startlist.csv'));
    expect(got).toEqual(expected('complete.expected-startlist.json'));
  });

  it('gives the same results on the main thread as with workers', async () => {
    expect(await replay('lossy.pcap', '--workers', '0')).toEqual(await replay('lossy.pcap', '--workers', '2'));
  });
});

describe('replay where bytes are missing', () => {
  it('joined mid-stream: invents nothing, and recovers rows', async () => {
    const got = await replay('midstream.pcap');
    const seen = expectNothingInvented(got, expected('midstream.expected.json'));
    expect(seen.rows).toBeGreaterThan(0);
  });

  it('joined mid-stream with the start list: what the stream could not resolve comes from the start list', async () => {
    const truth = expected('midstream.expected-startlist.json');
    const got = await replay('midstream.pcap', '--startlist', path('midstream.startlist.csv'));
    const seen = expectNothingInvented(got, truth);
    expect(seen.rows).toBeGreaterThan(0);
    for (const c of got.competitions) for (const r of c.rows) expect(r.club, `club of ${r.bib}`).not.toBeNull();
  });

  it('permanent holes: invents nothing, keeps the rows around the holes', async () => {
    const truth = expected('holes.expected.json');
    const got = await replay('holes.pcap');
    expectNothingInvented(got, truth);
    expect(totalRows(got)).toBeGreaterThan(totalRows(truth) / 2);
  });
});

describe('replay --print deltas', () => {
  it('numbers deltas 1, 2, 3 ... in one epoch, and they add up to the final results', async () => {
    const r = await runCli(['replay', path('resets.pcap'), '--quiet', '--print', 'deltas']);
    expect(r.code).toBe(0);
    const deltas = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; epoch: string; seq: number; competitions: Array<{ id: string; rows: Row[] }> });
    expect(deltas.length).toBeGreaterThan(10);
    deltas.forEach((d, i) => {
      expect(d.type).toBe('delta');
      expect(d.seq).toBe(i + 1);
      expect(d.epoch).toBe(deltas[0]!.epoch);
    });
    // Fold the row patches: the last value of every field per bib is the final result.
    const folded = new Map<string, Row>();
    for (const d of deltas) for (const c of d.competitions) for (const p of c.rows) folded.set(`${c.id}/${p.bib}`, { ...folded.get(`${c.id}/${p.bib}`), ...p });
    const truth = expected('resets.expected.json');
    for (const c of truth.competitions) for (const row of c.rows) expect(folded.get(`${c.id}/${row.bib}`)).toEqual(row);
    expect(folded.size).toBe(totalRows(truth));
  });
});
