// Big synthetic fields for the measurements (the fixture race has 60 rows per competition).
import type { Row } from '../../../src/results/types.js';

const FAMILY = ['MÜLLER', 'SCHMIDT', 'SCHNEIDER', 'FISCHER', 'WEBER', 'MEYER', 'WAGNER', 'BECKER', 'SCHULZ', 'HOFFMANN', 'KOCH', 'RÄTZ'];
const GIVEN = ['Anna', 'Lukas', 'Sofie', 'Jörg', 'Maëlle', 'Zoë', 'Uwe', 'Hannah', 'Max', 'Ute', 'Björn', 'Lea'];
const GROUPS = ['MHK', 'WHK', 'M30', 'W30', 'M40', 'W40', 'M50', 'W50', 'M60', 'W60'];

export function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${s.toFixed(1).padStart(4, '0')}`;
}

/** n finished rows, rank i+1, times 2 s apart from 2:00:00. */
export function syntheticRows(n: number, firstBib = 1000): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    rank: i + 1,
    bib: firstBib + i,
    name: `${FAMILY[i % FAMILY.length]} ${GIVEN[(i * 7) % GIVEN.length]}`,
    club: `LG Teststadt ${i % 40}`,
    ageGroup: GROUPS[i % GROUPS.length]!,
    time: clock(7200 + i * 2),
    gap: clock(i * 2),
    status: null,
    nation: 'GER',
    year: 1960 + (i % 45),
    gender: i % 2 ? 'W' : 'M',
  }));
}
