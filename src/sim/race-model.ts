// A simulated race, fixed by a seed: competitions, competitors and what happens to each of them
// (finish time, a later time correction, disqualification, did not finish). Pure data, no I/O.
import { CLUBS, FIRST_NAMES_M, FIRST_NAMES_W, LAST_NAMES, NATIONS } from './name-pools.js';
import { SeededRandom } from './random.js';

export const RACE_YEAR = 2026;

export interface CompetitionTemplate {
  /** Winlaufen's competition number (the first Integer of a list update). */
  id: number;
  name: string;
  /** Gun time on the race clock. */
  startMs: number;
  /** Median finish time and log-normal spread; nobody is faster than `fastestMs`. */
  medianMs: number;
  sigma: number;
  fastestMs: number;
  /** Birth years of the field. */
  years: [number, number];
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Competitions in the order `--competitions N` takes them. */
export const COMPETITION_TEMPLATES: readonly CompetitionTemplate[] = [
  { id: 18, name: '10 km', startMs: 10 * MIN, medianMs: 54 * MIN, sigma: 0.16, fastestMs: 31 * MIN, years: [1950, 2010] },
  { id: 21, name: 'Halbmarathon', startMs: 0, medianMs: 2 * HOUR, sigma: 0.15, fastestMs: 68 * MIN, years: [1948, 2008] },
  { id: 5, name: 'Schüler U12', startMs: 20 * MIN, medianMs: 9.5 * MIN, sigma: 0.14, fastestMs: 6.5 * MIN, years: [2015, 2016] },
  { id: 30, name: 'Marathon', startMs: 5 * MIN, medianMs: 4.2 * HOUR, sigma: 0.16, fastestMs: 2.4 * HOUR, years: [1945, 2006] },
];

export type Gender = 'M' | 'W';

export interface Competitor {
  bib: number;
  lastName: string;
  firstName: string;
  gender: Gender;
  year: number;
  nation: string;
  /** null: no club (written as a Java null). */
  club: string | null;
  ageGroup: string;
  competitionId: number;
  /** Net finish time in ms (whole tenths); null = did not finish. */
  finishMs: number | null;
  /** A corrected finish time, published `correctionAfterMs` after the finish. */
  correction: { afterMs: number; finishMs: number } | null;
  /** Disqualified `afterMs` after the finish. */
  disqualification: { afterMs: number } | null;
}

export interface Competition extends CompetitionTemplate {
  competitors: Competitor[];
}

export interface Race {
  seed: number;
  title: string;
  competitions: Competition[];
}

export interface RaceOptions {
  seed: number;
  competitions: number;
  runnersPerCompetition: number;
  /** Shares of the field (0..1). */
  dnfRate?: number;
  dsqRate?: number;
  correctionRate?: number;
  noClubRate?: number;
}

/** German age groups (DLV): youth by "U" class, main class HK 20-29, then 5-year classes. */
export function ageGroupOf(gender: Gender, year: number): string {
  const age = RACE_YEAR - year;
  if (age < 20) {
    const u = age < 12 ? 12 : age < 14 ? 14 : age < 16 ? 16 : age < 18 ? 18 : 20;
    return `${gender}U${u}`;
  }
  if (age < 30) return `${gender}HK`;
  return `${gender}${Math.floor(age / 5) * 5}`;
}

const roundToTenth = (ms: number): number => Math.round(ms / 100) * 100;

export function buildRace(opts: RaceOptions): Race {
  const rnd = new SeededRandom(opts.seed);
  const templates = COMPETITION_TEMPLATES.slice(0, opts.competitions);
  const blockSize = Math.max(200, Math.ceil(opts.runnersPerCompetition / 100) * 100);
  const competitions = templates.map((template, index): Competition => {
    // Bibs come in one block per competition and do not follow the finishing order.
    const bibs = rnd.shuffle(Array.from({ length: opts.runnersPerCompetition }, (_, k) => 1 + index * blockSize + k));
    const competitors = bibs.map((bib) => makeCompetitor(rnd, template, bib, opts));
    competitors.sort((a, b) => a.bib - b.bib);
    return { ...template, competitors };
  });
  return { seed: opts.seed, title: `Stadtlauf Rammingen ${RACE_YEAR}`, competitions };
}

function makeCompetitor(rnd: SeededRandom, t: CompetitionTemplate, bib: number, opts: RaceOptions): Competitor {
  const gender: Gender = rnd.chance(0.45) ? 'W' : 'M';
  const year = rnd.int(t.years[0], t.years[1]);
  const genderFactor = gender === 'W' ? 1.1 : 1;
  const raw = t.medianMs * genderFactor * Math.exp(t.sigma * rnd.normal());
  const finishMs = roundToTenth(Math.max(t.fastestMs + rnd.int(0, 600) * 100, raw));
  const dnf = rnd.chance(opts.dnfRate ?? 0.03);
  const dsq = !dnf && rnd.chance(opts.dsqRate ?? 0.01);
  const corrected = !dnf && !dsq && rnd.chance(opts.correctionRate ?? 0.02);
  const delta = rnd.int(1, 40) * 100 * (rnd.chance(0.5) ? -1 : 1);
  return {
    bib,
    lastName: rnd.pick(LAST_NAMES),
    firstName: rnd.pick(gender === 'W' ? FIRST_NAMES_W : FIRST_NAMES_M),
    gender,
    year,
    nation: rnd.pick(NATIONS),
    club: rnd.chance(opts.noClubRate ?? 0.05) ? null : rnd.pick(CLUBS),
    ageGroup: ageGroupOf(gender, year),
    competitionId: t.id,
    finishMs: dnf ? null : finishMs,
    correction: corrected ? { afterMs: rnd.int(20, 180) * 1000, finishMs: Math.max(100, finishMs + delta) } : null,
    disqualification: dsq ? { afterMs: rnd.int(60, 600) * 1000 } : null,
  };
}

/** The name as Winlaufen's lists show it: "NACHNAME Vorname". */
export function listName(c: Competitor): string {
  return `${c.lastName.toLocaleUpperCase('de-DE')} ${c.firstName}`;
}
