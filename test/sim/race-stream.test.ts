// The simulator's race stream read back by the JDK's ObjectInputStream: every top-level object is
// what the simulator meant to write, club/age-group strings are shared instances between resets,
// and replaying the updates as upserts gives exactly the expected final results.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectedResults } from '../../src/sim/expected-results.js';
import { buildRace, type Race } from '../../src/sim/race-model.js';
import { buildRaceScript, finalLists, type ListUpdate } from '../../src/sim/race-script.js';
import type { ResultRow } from '../../src/sim/result-list.js';
import { SAMPLE_BLOCK_DATA, WinlaufenStreamEncoder } from '../../src/sim/winlaufen-encoder.js';
import { jdkRead } from './support/sim-java.js';

const work = mkdtempSync(join(tmpdir(), 'racewire-sim-race-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const RESET_EVERY = 17;
const race = buildRace({ seed: 42, competitions: 3, runnersPerCompetition: 80 });
const script = buildRaceScript(race, 6);

function encodeRace(r: Race, updates: readonly ListUpdate[], resetEvery: number, blockData: Uint8Array | null = null): Buffer {
  const enc = new WinlaufenStreamEncoder(r, { resetEvery, blockData });
  return Buffer.concat([enc.startStream(), ...updates.map((u) => enc.encodeUpdate(u))]);
}

const rowArray = (r: ResultRow): Array<string | null> => [
  r.rank === null ? '' : String(r.rank),
  String(r.bib),
  r.name,
  r.club,
  r.ageGroup,
  r.time,
  r.gap,
];

/** The top-level values the simulator means to write, in order (docs/javaser-json.md JSON). */
function intendedValues(r: Race, updates: readonly ListUpdate[], resetEvery: number, blockData: Uint8Array | null = null): unknown[] {
  const names = new Map(r.competitions.map((c) => [c.id, c.name]));
  const preamble = [r.title, 'Ergebnisliste', 'vorläufig', 'offiziell', ...r.competitions.map((c) => c.name)];
  const out: unknown[] = [...preamble];
  updates.forEach((u, k) => {
    if (k > 0 && k % resetEvery === 0) out.push(...preamble);
    if (blockData) out.push({ $blockdata: Buffer.from(blockData).toString('hex') });
    out.push(names.get(u.competitionId), u.competitionId, u.position, u.rows.length - 1);
    for (const row of u.rows) out.push(rowArray(row));
    out.push(r.title, 'Ergebnisliste', u.official ? 'offiziell' : 'vorläufig');
  });
  return out;
}

describe('simulated Winlaufen stream, read by the JDK', () => {
  const bytes = encodeRace(race, script, RESET_EVERY);
  const file = join(work, 'race.bin');
  writeFileSync(file, bytes);

  it('is a race worth testing: corrections, DSQ, DNF, no-club rows, umlauts, several resets', () => {
    const all = race.competitions.flatMap((c) => c.competitors);
    expect(all.some((c) => c.correction)).toBe(true);
    expect(all.some((c) => c.disqualification)).toBe(true);
    expect(all.some((c) => c.finishMs === null)).toBe(true);
    expect(all.some((c) => c.club === null)).toBe(true);
    expect(all.some((c) => /[äöüÄÖÜß]/.test(c.lastName + c.firstName + (c.club ?? '')))).toBe(true);
    expect(Math.floor((script.length - 1) / RESET_EVERY)).toBeGreaterThanOrEqual(5);
    expect(bytes.subarray(0, 4).toString('hex')).toBe('aced0005');
  });

  it('every top-level object is what the simulator meant to write', async () => {
    expect(await jdkRead(file)).toEqual(intendedValues(race, script, RESET_EVERY));
  });

  it('with --block-data, the 14 zero bytes before each update are primitive data the JDK reads too', async () => {
    const small = script.slice(0, 40);
    const withBlocks = join(work, 'blocks.bin');
    writeFileSync(withBlocks, encodeRace(race, small, 7, SAMPLE_BLOCK_DATA));
    expect(await jdkRead(withBlocks)).toEqual(intendedValues(race, small, 7, SAMPLE_BLOCK_DATA));
  });

  it('club and age group are one shared instance per text between resets; names, times, Integers never', async () => {
    const read = (await jdkRead(file, { ids: true })) as Array<{ $id: number; v: unknown } | null>;
    let clubIds = new Map<string, number>();
    let ageIds = new Map<string, number>();
    let literalIds = new Map<string, number>();
    const seenBefore = new Set<number>();
    let segmentIds = new Set<number>();
    let backRefs = 0;
    const title = race.title;
    for (const item of read) {
      if (item && item.v === title && !segmentIds.has(item.$id) && clubIds.size + ageIds.size > 0) {
        // the preamble after a reset: all instances are new from here on
        for (const id of segmentIds) seenBefore.add(id);
        segmentIds = new Set();
        clubIds = new Map();
        ageIds = new Map();
        literalIds = new Map();
      }
      if (item) segmentIds.add(item.$id);
      if (!item || !Array.isArray(item.v)) continue;
      const cells = item.v as Array<{ $id: number; v: string } | null>;
      const [rank, bib, name, club, age, time, gap] = cells;
      for (const fresh of [rank, bib, name, time, gap]) {
        // literals ("", "DNF", "DSQ") are one interned instance in Java, so shared on purpose
        if (['', 'DNF', 'DSQ'].includes(fresh!.v)) continue;
        expect(seenBefore.has(fresh!.$id)).toBe(false);
        expect(segmentIds.has(fresh!.$id)).toBe(false);
        segmentIds.add(fresh!.$id);
      }
      for (const [shared, ids] of [
        [club, clubIds],
        [age, ageIds],
        [time && ['DNF', 'DSQ'].includes(time.v) ? time : null, literalIds],
      ] as const) {
        if (shared === null || shared === undefined) continue;
        expect(seenBefore.has(shared.$id)).toBe(false);
        const known = ids.get(shared.v);
        if (known === undefined) ids.set(shared.v, shared.$id);
        else {
          expect(shared.$id).toBe(known);
          backRefs++;
        }
        segmentIds.add(shared.$id);
      }
    }
    expect(backRefs).toBeGreaterThan(script.length); // most rows carry back-references
    expect(seenBefore.size).toBeGreaterThan(0); // resets happened and were seen
    expect(read.some((item) => Array.isArray(item?.v) && JSON.stringify(item.v).includes('"DNF"'))).toBe(true);
  });

  it('replaying the updates as upserts (what the JDK read) gives exactly the expected results', async () => {
    const values = await jdkRead(file);
    const lists = new Map<number, Map<number, ResultRow>>();
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Array.isArray(v)) continue;
      // rows follow the three Integers; find the competition Integer before this run of rows
      let j = i - 1;
      while (Array.isArray(values[j])) j--;
      const competition = values[j - 2] as number;
      const [rank, bib, name, club, ageGroup, time, gap] = v as Array<string | null>;
      const rows = lists.get(competition) ?? new Map<number, ResultRow>();
      lists.set(competition, rows);
      rows.set(Number(bib), {
        rank: rank === '' ? null : Number(rank),
        bib: Number(bib),
        name: name as string,
        club: club ?? null,
        ageGroup: ageGroup as string,
        time: time as string,
        gap: gap as string,
      });
    }
    const fromJdk = expectedResults(new Map([...lists].map(([id, rows]) => [id, [...rows.values()]])));
    expect(fromJdk).toEqual(expectedResults(finalLists(race, script)));
  });
});
