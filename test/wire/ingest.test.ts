import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeIngestJson } from '../../src/wire/ingest.js';
import { WireError } from '../../src/wire/wire-error.js';
import { ResultsState } from '../../src/results/results-state.js';

const SAMPLE_TEXT = readFileSync(new URL('../../../shared/samples/json-sender-example.json', import.meta.url), 'utf8');
const opts = { snifferCompetition: 'sniffer' };

describe('decodeIngestJson', () => {
  it('accepts the sender sample document unchanged, and it applies to the state', () => {
    const input = decodeIngestJson(SAMPLE_TEXT, opts);
    expect(input.kind).toBe('list-update');
    if (input.kind !== 'list-update') return;
    expect(input.update.rows).toHaveLength(5);
    const state = new ResultsState();
    state.applyListUpdate(input.update);
    expect(state.resultsDocument()).toEqual({
      competitions: [
        {
          id: '20230929_0001/categoryId',
          name: 'Oberhofer Skihallensprint 2023 – Schülerinnen U12',
          rows: [
            { rank: 1, bib: 17, name: null, club: null, ageGroup: null, time: '3:34:56.8', gap: '0:00:00.0', status: null, nation: null, year: null, gender: null },
            { rank: 2, bib: 16, name: null, club: null, ageGroup: null, time: '3:35:20.6', gap: '0:00:23.8', status: null, nation: null, year: null, gender: null },
            { rank: 3, bib: 15, name: null, club: null, ageGroup: null, time: '3:35:42.9', gap: '0:00:46.1', status: null, nation: null, year: null, gender: null },
            { rank: 4, bib: 14, name: null, club: null, ageGroup: null, time: '3:35:59.5', gap: '0:01:02.7', status: null, nation: null, year: null, gender: null },
            { rank: 5, bib: 18, name: null, club: null, ageGroup: null, time: '4:45:17.4', gap: '1:10:20.6', status: null, nation: null, year: null, gender: null },
          ],
        },
      ],
    });
  });

  it('accepts the sniffer bare list (as bytes too) under the configured competition', () => {
    const text = JSON.stringify([{ Rang: '1', Startnummer: '67', Name: 'LOGES Margit', Laufzeit: '4:30:15.9', 'Rückstand': '0:00:00.0' }]);
    const input = decodeIngestJson(new TextEncoder().encode(text), opts);
    expect(input).toMatchObject({ kind: 'list-update', update: { source: 'sniffer-json', competition: 'sniffer' } });
  });

  it('accepts our own snapshot/delta messages', () => {
    const input = decodeIngestJson('{"type":"delta","epoch":"e","seq":1,"competitions":[],"finishers":[]}', opts);
    expect(input).toEqual({ kind: 'message', message: { type: 'delta', epoch: 'e', seq: 1, competitions: [], finishers: [] } });
  });

  it.each([
    ['garbage', 'hello', 'not-json', '$'],
    ['a sender document with a bad bib', SAMPLE_TEXT.replace('"Startnummer": 16', '"Startnummer": "sechzehn"'), 'invalid', 'Live-Ergebnisse[1].Startnummer'],
    ['a sender document without rows', '{"Wettkampf-ID":"x"}', 'invalid', 'Live-Ergebnisse'],
    ['a message of a type ingest does not take', '{"type":"hello","protocol":1,"epoch":"e","seq":0}', 'invalid', 'type'],
    ['a string', '"results"', 'invalid', '$'],
  ])('refuses %s, naming what was wrong', (_what, text, code, path) => {
    try {
      decodeIngestJson(text, opts);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(WireError);
      expect(e).toMatchObject({ code, path });
    }
  });
});
