// The simulated race itself: deterministic from the seed, rankings and gaps right, every update a
// proper window, the final lists complete, the start list matching the race in every encoding.
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { expectedResults } from '../../src/sim/expected-results.js';
import { formatRaceTime } from '../../src/sim/race-clock-text.js';
import { ageGroupOf, buildRace, listName } from '../../src/sim/race-model.js';
import { buildRaceScript, finalLists } from '../../src/sim/race-script.js';
import { encodeStartlist, startlistText, STARTLIST_HEADER } from '../../src/sim/startlist-csv.js';
import { WinlaufenStreamEncoder } from '../../src/sim/winlaufen-encoder.js';

const race = buildRace({ seed: 7, competitions: 4, runnersPerCompetition: 150 });
const WINDOW = 6;
const script = buildRaceScript(race, WINDOW);

const toMs = (t: string | null): number => {
  const m = /^(\d+):(\d\d):(\d\d)\.(\d)$/.exec(t ?? '');
  if (!m) throw new Error(`not a race time: ${t}`);
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]) * 100;
};

describe('race model', () => {
  it('is deterministic: same seed and options, same race and same bytes; another seed, another race', () => {
    const encode = (seed: number): Buffer => {
      const r = buildRace({ seed, competitions: 2, runnersPerCompetition: 40 });
      const enc = new WinlaufenStreamEncoder(r, { resetEvery: 10 });
      return Buffer.concat([enc.startStream(), ...buildRaceScript(r, WINDOW).map((u) => enc.encodeUpdate(u))]);
    };
    expect(buildRace({ seed: 7, competitions: 4, runnersPerCompetition: 150 })).toEqual(race);
    expect(encode(3).equals(encode(3))).toBe(true);
    expect(encode(3).equals(encode(4))).toBe(false);
  });

  it('formats times as H:MM:SS.t and age groups the DLV way', () => {
    expect(formatRaceTime(0)).toBe('0:00:00.0');
    expect(formatRaceTime(16_215_900)).toBe('4:30:15.9');
    expect(formatRaceTime(35_999_900)).toBe('9:59:59.9');
    expect(ageGroupOf('M', 1981)).toBe('M45');
    expect(ageGroupOf('W', 1998)).toBe('WHK');
    expect(ageGroupOf('W', 2015)).toBe('WU12');
    expect(ageGroupOf('M', 2009)).toBe('MU18');
  });

  it('sends windows of at most --window rows, the Integers matching the rows, in race-clock order', () => {
    for (const [i, u] of script.entries()) {
      expect(u.rows.length).toBeGreaterThanOrEqual(1);
      expect(u.rows.length).toBeLessThanOrEqual(WINDOW);
      expect(u.position).toBeGreaterThanOrEqual(0);
      if (i > 0) expect(u.raceMs).toBeGreaterThanOrEqual((script[i - 1] as { raceMs: number }).raceMs);
    }
  });

  it('ranks by time with shared ranks for equal times, gaps to the leader, unranked DSQ/DNF last', () => {
    const expected = expectedResults(finalLists(race, script));
    expect(expected.competitions.map((c) => c.id)).toEqual(['5', '18', '21', '30']);
    let ties = 0;
    for (const comp of expected.competitions) {
      const ranked = comp.rows.filter((r) => r.rank !== null);
      const leader = toMs((ranked[0] as { time: string | null }).time);
      ranked.forEach((r, i) => {
        const prev = ranked[i - 1];
        if (prev && prev.time === r.time) {
          ties++;
          expect(r.rank).toBe(prev.rank);
        } else expect(r.rank).toBe(i + 1);
        if (prev) expect(toMs(r.time)).toBeGreaterThanOrEqual(toMs(prev.time));
        expect(toMs(r.gap)).toBe(toMs(r.time) - leader);
      });
      for (const r of comp.rows.slice(ranked.length)) {
        expect(r.rank).toBeNull();
        expect(['DNF', 'DSQ']).toContain(r.status);
        expect(r.time).toBeNull();
        expect(r.gap).toBeNull();
      }
      for (const r of ranked) expect(r.status).toBeNull();
    }
    expect(ties).toBeGreaterThan(0); // this seed has equal times: they share a rank
  });

  it('ends with the complete final list of each competition: every competitor once, as the model says', () => {
    const expected = expectedResults(finalLists(race, script));
    for (const comp of race.competitions) {
      const rows = expected.competitions.find((c) => c.id === String(comp.id))?.rows ?? [];
      expect(rows.map((r) => r.bib).sort((a, b) => a - b)).toEqual(comp.competitors.map((c) => c.bib));
      for (const c of comp.competitors) {
        const row = rows.find((r) => r.bib === c.bib);
        expect(row).toMatchObject({ name: listName(c), club: c.club, ageGroup: c.ageGroup });
        if (c.finishMs === null) expect(row?.status).toBe('DNF');
        else if (c.disqualification) expect(row?.status).toBe('DSQ');
        else expect(row?.time).toBe(formatRaceTime(c.correction ? c.correction.finishMs : c.finishMs));
      }
      // the official pages at the close cover the list exactly
      const official = script.filter((u) => u.official && u.competitionId === comp.id);
      expect(official.map((u) => u.position)).toEqual(official.map((_, k) => k * WINDOW));
      expect(official.flatMap((u) => u.rows).length).toBe(comp.competitors.length);
    }
  });

  it('has corrections that change times, disqualifications and DNFs in a field this size', () => {
    const all = race.competitions.flatMap((c) => c.competitors);
    expect(all.filter((c) => c.correction).length).toBeGreaterThan(0);
    expect(all.filter((c) => c.disqualification).length).toBeGreaterThan(0);
    expect(all.filter((c) => c.finishMs === null).length).toBeGreaterThan(0);
  });
});

describe('Startlist.csv', () => {
  const text = startlistText(race);
  const competitors = race.competitions.flatMap((comp) => comp.competitors.map((c) => ({ c, comp })));

  it.each(['utf8', 'utf8-bom', 'cp1252'] as const)('parses back (%s) to the race competitors', (encoding) => {
    const bytes = encodeStartlist(text, encoding);
    if (encoding === 'utf8-bom') expect(bytes.subarray(0, 3).toString('hex')).toBe('efbbbf');
    if (encoding === 'cp1252') expect(bytes.includes(Buffer.from([0xfc]))).toBe(true); // ü as one byte
    const decoded = encoding === 'cp1252' ? iconv.decode(bytes, 'win1252') : bytes.toString('utf8');
    const records = parse(decoded, { delimiter: ';', columns: true, bom: true, skip_empty_lines: true }) as Array<Record<string, string>>;
    expect(Object.keys(records[0] ?? {})).toEqual([...STARTLIST_HEADER]);
    expect(records.length).toBe(competitors.length);
    for (const rec of records) {
      const found = competitors.find(({ c }) => c.bib === Number(rec.Stnr));
      expect(found).toBeDefined();
      const { c, comp } = found!;
      expect(rec).toEqual({
        Stnr: String(c.bib),
        Name: c.lastName,
        Vorname: c.firstName,
        Verein: c.club ?? '',
        AK: c.ageGroup,
        Jg: String(c.year),
        G: c.gender,
        Nat: c.nation,
        Wettbewerb: comp.name,
      });
    }
  });
});
