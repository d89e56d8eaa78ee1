// Seeded random list updates and start lists for property tests (deterministic per seed, so a
// failure names the seed that reproduces it).
import type { ListUpdate, RowUpdate } from '../../src/winlaufen/list-update.js';
import type { StartEntry } from '../../src/winlaufen/startlist/types.js';
import { prng } from '../support/prng.js';

export type Rng = () => number;

/** The shared seeded PRNG, under the name these property tests use. */
export const rng: (seed: number) => Rng = prng;

const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

/** undefined (unknown) often, null (sent empty) sometimes, else one of the values. */
function field<T>(r: Rng, values: readonly T[]): T | null | undefined {
  const x = r();
  if (x < 0.3) return undefined;
  if (x < 0.4) return null;
  return pick(r, values);
}

const NAMES = ['LOGES Margit', 'RÄTZ Sigishelm', 'EVANS Denny', 'ÖZTÜRK Zoë'];
const CLUBS = ['Rammingen', 'Abtweiler', 'LG Süd', ''];
const GROUPS = ['M40', 'W45', 'MHK'];
const TIMES = ['4:30:15.9', '34:56.8', '1:02:03', '0:58.1'];

export function randomRow(r: Rng, bib: number): RowUpdate {
  const row: RowUpdate = { bib };
  const set = <K extends keyof RowUpdate>(k: K, v: RowUpdate[K] | undefined): void => {
    if (v !== undefined) row[k] = v;
  };
  set('rank', field(r, [1, 2, 3, 4, 5, 6, 7, 8]));
  set('status', field(r, ['DNF', 'aufg.']));
  set('name', field(r, NAMES));
  set('club', field(r, CLUBS));
  set('ageGroup', field(r, GROUPS));
  set('time', field(r, TIMES));
  set('gap', field(r, ['0:00:00.0', '0:04:35.8']));
  return row;
}

export function randomUpdate(r: Rng): ListUpdate {
  const competition = r() < 0.05 ? null : pick(r, ['1', '2', '18', 'w/k']);
  const first = 1 + Math.floor(r() * 20);
  const count = Math.floor(r() * 8);
  const rows = Array.from({ length: count }, (_, i) => randomRow(r, first + i));
  // Now and then a bib twice in one update (a source repeating itself).
  if (count > 0 && r() < 0.15) rows.push(randomRow(r, first + Math.floor(r() * count)));
  const u: ListUpdate = { source: 'winlaufen', competition, rows };
  if (r() < 0.1) u.competitionName = pick(r, ['Lauf A', 'Lauf B', null]);
  return u;
}

export function randomStartList(r: Rng): Map<number, StartEntry> | null {
  if (r() < 0.2) return null;
  const m = new Map<number, StartEntry>();
  for (let bib = 1; bib <= 28; bib++) {
    if (r() < 0.3) continue;
    m.set(bib, {
      bib,
      name: r() < 0.5 ? pick(r, NAMES) : null,
      club: r() < 0.7 ? pick(r, CLUBS.filter(Boolean)) : null,
      ageGroup: r() < 0.7 ? pick(r, GROUPS) : null,
      nation: r() < 0.5 ? pick(r, ['GER', 'AUT']) : null,
      year: r() < 0.5 ? 1960 + Math.floor(r() * 50) : null,
      gender: r() < 0.5 ? pick(r, ['M', 'W']) : null,
      competition: null,
    });
  }
  return m;
}
