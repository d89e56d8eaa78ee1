import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convertJsonSenderDocument, convertResultsJson, convertSnifferRows, ResultsInputError } from '../../src/winlaufen/json-sender.js';

// The real sender document, read from ../shared relative to the repo root (never copied in).
const SAMPLE = JSON.parse(readFileSync(new URL('../../../shared/samples/json-sender-example.json', import.meta.url), 'utf8'));

describe('JSON sender document', () => {
  it('the sample converts unchanged into a list update', () => {
    const u = convertJsonSenderDocument(SAMPLE);
    expect(u).toEqual({
      source: 'json-sender',
      competition: '20230929_0001/categoryId',
      competitionName: 'Oberhofer Skihallensprint 2023 – Schülerinnen U12',
      sentAt: '2023-09-29 14:03:11',
      rows: [
        { bib: 17, rank: 1, status: null, time: '3:34:56.8', gap: '0:00:00.0' },
        { bib: 16, rank: 2, status: null, time: '3:35:20.6', gap: '0:00:23.8' },
        { bib: 15, rank: 3, status: null, time: '3:35:42.9', gap: '0:00:46.1' },
        { bib: 14, rank: 4, status: null, time: '3:35:59.5', gap: '0:01:02.7' },
        { bib: 18, rank: 5, status: null, time: '4:45:17.4', gap: '1:10:20.6' },
      ],
    });
  });

  it('without Kategorie-ID the competition is the Wettkampf-ID', () => {
    const { ['Kategorie-ID']: _, ...doc } = SAMPLE;
    expect(convertJsonSenderDocument(doc).competition).toBe('20230929_0001');
  });

  it.each([
    [[1, 2], '$', 'must be a JSON object'],
    [{ ...SAMPLE, 'Wettkampf-ID': '' }, 'Wettkampf-ID', 'non-empty'],
    [{ ...SAMPLE, 'Live-Ergebnisse': 'x' }, 'Live-Ergebnisse', 'must be a list of rows'],
    [{ ...SAMPLE, 'Live-Ergebnisse': [{ Rang: 1 }] }, 'Live-Ergebnisse[0].Startnummer', 'must be a bib number'],
    [{ ...SAMPLE, 'Live-Ergebnisse': [{ Rang: 1.5, Startnummer: 3 }] }, 'Live-Ergebnisse[0].Rang', 'whole number'],
    [{ ...SAMPLE, 'Live-Ergebnisse': [{ Rang: 1, Startnummer: 3, Laufzeit: 5 }] }, 'Live-Ergebnisse[0].Laufzeit', 'must be a string'],
    [{ ...SAMPLE, 'Live-Ergebnisse': [{ Startnummer: 3 }, { Startnummer: 3 }] }, 'Live-Ergebnisse[1].Startnummer', 'already in row 0'],
    [{ ...SAMPLE, 'Live-Ergebnisse': [{ Startnummer: 3, Name: 'x'.repeat(500) }] }, 'Live-Ergebnisse[0].Name', 'longer than'],
  ])('rejects %#: %s', (doc, path, message) => {
    try {
      convertJsonSenderDocument(doc);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ResultsInputError);
      expect((e as ResultsInputError).path).toBe(path);
      expect((e as Error).message).toContain(message);
    }
  });

  it('bounds the number of rows', () => {
    const rows = Array.from({ length: 11 }, (_, i) => ({ Startnummer: i }));
    expect(() => convertJsonSenderDocument({ ...SAMPLE, 'Live-Ergebnisse': rows }, { maxRows: 10, maxStringLength: 50, maxIdLength: 128 })).toThrow(/more than 10/);
  });
});

describe('the old sniffer bare row list', () => {
  const LIST = [
    { Rang: '1', Startnummer: '67', Name: 'LOGES Margit', Laufzeit: '4:30:15.9', 'Rückstand': '0:00:00.0' },
    { Rang: '', Startnummer: '99', Name: 'RÄTZ Sigishelm', Laufzeit: 'aufg.', 'Rückstand': '' },
  ];

  it('converts with the competition the caller names', () => {
    expect(convertSnifferRows(LIST, '18')).toEqual({
      source: 'sniffer-json',
      competition: '18',
      rows: [
        { bib: 67, rank: 1, status: null, name: 'LOGES Margit', time: '4:30:15.9', gap: '0:00:00.0' },
        { bib: 99, rank: null, status: 'aufg.', name: 'RÄTZ Sigishelm', time: null, gap: null },
      ],
    });
  });

  it('convertResultsJson tells the two apart', () => {
    expect(convertResultsJson(LIST, { snifferCompetition: 'x' }).source).toBe('sniffer-json');
    expect(convertResultsJson(SAMPLE, { snifferCompetition: 'x' }).source).toBe('json-sender');
  });

  it('rejects a non-numeric Startnummer with its path', () => {
    expect(() => convertSnifferRows([{ Startnummer: 'A12' }], '1')).toThrow('$[0].Startnummer: must be a bib number, got "A12"');
  });
});

describe('JSON sender ids fit the wire', () => {
  it('refuses a competition id longer than the wire allows', () => {
    expect(() => convertJsonSenderDocument({ ...SAMPLE, 'Wettkampf-ID': 'w'.repeat(100), 'Kategorie-ID': 'k'.repeat(40) })).toThrow(/Kategorie-ID: the competition id .* is longer than 128 characters/);
  });
});
