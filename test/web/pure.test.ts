// The overlay's pure pieces (no browser): URL parameters, reconnect delays, age-group places,
// search folding, name splitting, gap text.
import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/results/types.js';
import { backoffDelay } from '../../web/src/backoff.js';
import { liveUrl, parseParams } from '../../web/src/params.js';
import { fold, matches, parseQuery } from '../../web/src/search.js';
import { ageGroupRanks, gapText, splitName } from '../../web/src/standings.js';

const here = { protocol: 'https:', host: 'results.example:8443', href: 'https://results.example:8443/?view=results' };

function row(bib: number, rank: number | null, ageGroup: string | null, name = 'MÜLLER Jörg'): Row {
  return { rank, bib, name, club: 'LG Süd', ageGroup, time: null, gap: null, status: null, nation: null, year: null, gender: null };
}

describe('URL parameters', () => {
  it('defaults: results view, German, msgpack, same-origin /live over wss', () => {
    const p = parseParams('', here);
    expect(p).toMatchObject({ view: 'results', lang: 'de', encoding: 'msgpack', theme: 'light', scale: 1, comp: null, ageGroup: null });
    expect(p.server).toBe('wss://results.example:8443/live');
  });

  it('every parameter, clamped and validated', () => {
    const p = parseParams('?view=leaderboard&comp=18&ageGroup=M40&rows=99&theme=dark&lang=en-GB&scale=9&encoding=json&hold=0', here);
    expect(p).toMatchObject({ view: 'leaderboard', comp: '18', ageGroup: 'M40', rows: 50, theme: 'dark', lang: 'en', scale: 4, encoding: 'json', hold: 1 });
    expect(parseParams('?view=leaderboard', here)).toMatchObject({ theme: 'transparent', rows: 10 });
    expect(parseParams('?view=nope&theme=pink&lang=fr&rows=x', here)).toMatchObject({ view: 'results', theme: 'light', lang: 'de' });
  });

  it('server override: ws(s) kept, http(s) mapped, path defaults to /live, junk falls back', () => {
    expect(liveUrl('ws://10.0.0.1:8765/live', here)).toBe('ws://10.0.0.1:8765/live');
    expect(liveUrl('http://relay:8765', here)).toBe('ws://relay:8765/live');
    expect(liveUrl('https://relay/', here)).toBe('wss://relay/live');
    expect(liveUrl('ftp://x', here)).toBe('wss://results.example:8443/live');
  });
});

describe('reconnect backoff', () => {
  it('grows exponentially with jitter between half and all of the ceiling, capped', () => {
    expect(backoffDelay(0, 0)).toBe(250);
    expect(backoffDelay(0, 0.999)).toBeLessThanOrEqual(500);
    expect(backoffDelay(3, 0)).toBe(2000);
    expect(backoffDelay(50, 0.5)).toBe(11250);
    expect(backoffDelay(50, 0.9999)).toBeLessThanOrEqual(15000);
  });
});

describe('standings', () => {
  it('age-group places count ranked rows of the group in result order', () => {
    const places = ageGroupRanks([row(1, 1, 'M40'), row(2, 2, 'W40'), row(3, 3, 'M40'), row(4, null, 'M40'), row(5, 4, null)]);
    expect([...places]).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
    ]);
  });

  it('names split into family and given for display; gaps shortened', () => {
    expect(splitName('RÄTZ Sigishelm')).toEqual({ family: 'RÄTZ', given: 'Sigishelm' });
    expect(splitName("O'BRIEN Max-Jürgen")).toEqual({ family: "O'BRIEN", given: 'Max-Jürgen' });
    expect(splitName('Team Blau')).toEqual({ family: 'Team Blau', given: '' });
    expect(gapText('0:01:12.2')).toBe('+1:12.2');
    expect(gapText('0:00:00.0')).toBe('');
    expect(gapText('1:48:04.0')).toBe('+1:48:04.0');
    expect(gapText(null)).toBe('');
  });
});

describe('search', () => {
  it('ignores case and accents; digits search bibs', () => {
    expect(fold('Müller Zoë')).toBe('muller zoe');
    const r = row(123, 1, 'M40');
    const text = fold(`${r.name} ${r.club}`);
    expect(matches(r, parseQuery('muller')!, text)).toBe(true);
    expect(matches(r, parseQuery('jorg süd')!, text)).toBe(true);
    expect(matches(r, parseQuery('weber')!, text)).toBe(false);
    expect(matches(r, parseQuery('12')!, text)).toBe(true);
    expect(matches(r, parseQuery('13')!, text)).toBe(false);
    expect(parseQuery('   ')).toBeNull();
  });
});
