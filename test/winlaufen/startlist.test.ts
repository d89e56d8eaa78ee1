import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeName } from '../../src/winlaufen/startlist/compose-name.js';
import { decodeStartListText } from '../../src/winlaufen/startlist/decode-text.js';
import { headerField } from '../../src/winlaufen/startlist/header-aliases.js';
import { formatStartListReport, parseStartList } from '../../src/winlaufen/startlist/parse-startlist.js';
import { StartListError } from '../../src/winlaufen/startlist/types.js';

const fixture = (name: string): URL => new URL(`../../fixtures/startlists/${name}`, import.meta.url);
const load = (name: string) => parseStartList(readFileSync(fixture(name)));

describe('start list: encodings, delimiters, headers', () => {
  it('Winlaufen export: UTF-8 with BOM, ";", Name + Vorname composed like Winlaufen ("NACHNAME Vorname")', () => {
    const { entries, report } = load('winlaufen-utf8-bom.csv');
    expect(report).toMatchObject({ encoding: 'utf-8-bom', delimiter: ';', headerLine: 1, rowsRead: 6, rowsAccepted: 6, rejected: [], warnings: [] });
    expect(report.columns.map((c) => c.field)).toEqual(['bib', 'lastName', 'firstName', 'club', 'ageGroup', 'nation', 'year', 'gender', 'competition']);
    expect(report.columns[1]!.note).toBe('surname, next to the first name column');
    expect(entries.get(70)).toEqual({
      bib: 70, name: 'RÄTZ Sigishelm', club: 'SV Straße 1910', ageGroup: 'M50', nation: 'GER', year: 1972, gender: 'M', competition: 'Marathon',
    });
    expect(entries.get(67)!.name).toBe('LOGES Margit');
    expect(entries.get(71)!.club).toBeNull();
  });

  it('Windows-1252 bytes are detected (invalid UTF-8) and decoded as glibc iconv does', () => {
    const bytes = readFileSync(fixture('cp1252-semicolon.csv'));
    const byIconv = execFileSync('iconv', ['-f', 'CP1252', '-t', 'UTF-8'], { input: bytes }).toString('utf8');
    expect(decodeStartListText(bytes)).toEqual({ text: byIconv, encoding: 'windows-1252' });
    const { entries, report } = parseStartList(bytes);
    expect(report).toMatchObject({ encoding: 'windows-1252', delimiter: ';', rowsAccepted: 3 });
    expect(report.columns.map((c) => c.field)).toEqual(['bib', 'lastName', 'firstName', 'club', 'ageGroup', 'nation', 'year', 'gender']);
    expect(entries.get(209)).toMatchObject({ name: 'ÖZTÜRK Zoë', club: 'Abtweiler', gender: 'W', year: 1994 });
    expect(entries.get(201)).toMatchObject({ name: 'WEISS Björn', club: 'Läufertreff Köln' });
  });

  it('comma separated with quoted fields and English headers; single Name column kept as is', () => {
    const { entries, report } = load('comma-quoted.csv');
    expect(report).toMatchObject({ encoding: 'utf-8', delimiter: ',', rowsAccepted: 2 });
    expect(entries.get(1)).toMatchObject({ name: 'SMITH John', club: 'Lauftreff Ost, e.V.', ageGroup: 'M30', nation: 'USA', gender: 'M' });
    expect(entries.get(2)).toMatchObject({ name: 'O\'NEILL "Rocket" Sue', club: null });
  });

  it('tab separated, headers with odd case, spaces and punctuation', () => {
    const { entries, report } = load('tab-odd-headers.tsv');
    expect(report.delimiter).toBe('\t');
    expect(report.columns.map((c) => c.field)).toEqual(['bib', 'lastName', 'firstName', 'club', 'ageGroup', 'nation', 'year', 'gender']);
    expect(entries.get(5)).toMatchObject({ name: 'KRÜGER Anna', club: 'SC Fürth', year: 2004 });
  });

  it('Excel UTF-16LE "Unicode text", checked against glibc iconv', () => {
    const bytes = readFileSync(fixture('excel-utf16.txt'));
    const byIconv = execFileSync('iconv', ['-f', 'UTF-16', '-t', 'UTF-8'], { input: bytes }).toString('utf8');
    expect(decodeStartListText(bytes).text).toBe(byIconv);
    expect(parseStartList(bytes).entries.get(7)).toMatchObject({ name: 'GROSS Änne', club: 'SV Öd' });
  });

  it('broken rows are rejected with line numbers and reasons; the good ones stay', () => {
    const { entries, report } = load('broken-rows.csv');
    expect([...entries.keys()]).toEqual([10, 13]);
    expect(entries.get(10)!.name).toBe('GUT Gustav');
    expect(report.rowsRead).toBe(7);
    expect(report.rejected).toEqual([
      { line: 3, reason: 'no bib number' },
      { line: 4, reason: 'bib "A12" is not a number' },
      { line: 5, reason: 'bib 10 already on line 2; the first one is used' },
      { line: 6, reason: 'has 4 fields, the header has 6' },
      { line: 7, reason: 'has 7 fields, the header has 6' },
    ]);
    expect(report.warnings).toEqual([{ line: 9, reason: 'year "75" is not a four-digit year; left empty' }]);
    const text = formatStartListReport(report);
    expect(text).toContain('2 of 7 rows accepted');
    expect(text).toContain('column 1 "Stnr" -> bib');
    expect(text).toContain('line 6: has 4 fields, the header has 6');
  });

  it('title lines before the header are skipped, and said so', () => {
    const { entries, report } = load('title-line.csv');
    expect(report).toMatchObject({ headerLine: 3, rowsRead: 1, rowsAccepted: 1, warnings: [{ line: 1, reason: '1 line(s) before the header skipped' }] });
    expect(entries.get(1)).toMatchObject({ name: 'KURZ Karl', club: 'TSV' });
    expect(formatStartListReport(report)).toContain('header on line 3');
  });

  it('a file without a bib column is refused, naming the headers it saw', () => {
    expect(() => load('no-bib-column.csv')).toThrow(StartListError);
    expect(() => load('no-bib-column.csv')).toThrow('no bib column (Stnr, Startnummer, Nr, Bib) among the headers: "Name", "Vorname", "Verein"');
  });

  it('empty file, one-column file, oversized file, unreadable CSV', () => {
    expect(() => parseStartList(new Uint8Array())).toThrow(StartListError);
    expect(() => parseStartList(Buffer.from('Stnr\n1\n'))).toThrow(/no line has a ; , or tab delimiter/);
    expect(() => parseStartList(Buffer.from('Stnr;Name\n1;x\n'), { maxBytes: 4, maxRows: 10, maxReported: 10 })).toThrow(/more than 4/);
    expect(() => parseStartList(Buffer.from('Stnr;Name\n"1;x\n'))).toThrow(/not readable as CSV/);
  });

  it('a duplicate recognised column is reported and the first one used', () => {
    const { report } = parseStartList(Buffer.from('Stnr;Nr;Name\n1;2;x\n'));
    expect(report.columns[1]).toEqual({ index: 1, header: 'Nr', field: null, note: 'also looks like bib; column 0 is used' });
  });
});

describe('header names and name composition', () => {
  it.each([
    ['Stnr', 'bib'], ['Start-Nr.', 'bib'], ['Startnummer', 'bib'], ['BIB', 'bib'], [' Nr ', 'bib'],
    ['Nachname', 'lastName'], ['Vorname', 'firstName'], ['Verein/Team', 'club'], ['Mannschaft', 'club'],
    ['Altersklasse', 'ageGroup'], ['AK', 'ageGroup'], ['Nationalität', 'nation'], ['Land', 'nation'],
    ['Jg.', 'year'], ['Jahrgang', 'year'], ['Geschlecht', 'gender'], ['m/w', 'gender'], ['Wettbewerb', 'competition'],
    ['Strecke', 'competition'], ['Bemerkung', null],
  ])('%j -> %s', (header, field) => expect(headerField(header)).toBe(field));

  it('composes NACHNAME Vorname, with German upper-casing', () => {
    expect(composeName('Rätz', 'Sigishelm')).toBe('RÄTZ Sigishelm');
    expect(composeName('Weiß', 'Björn')).toBe('WEISS Björn');
    expect(composeName(null, 'Anna')).toBe('Anna');
    expect(composeName('Lee', '  ')).toBe('LEE');
    expect(composeName(null, null)).toBeNull();
  });
});
