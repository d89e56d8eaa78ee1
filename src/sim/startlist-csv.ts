// The start list export that goes with a simulated race, as Winlaufen-style Startlist.csv:
// semicolon-separated, German headers, one line per competitor by bib, CRLF line ends (a Windows
// export), in UTF-8 (optionally with BOM) or Windows-1252.
import iconv from 'iconv-lite';
import type { Race } from './race-model.js';

export const STARTLIST_HEADER = ['Stnr', 'Name', 'Vorname', 'Verein', 'AK', 'Jg', 'G', 'Nat', 'Wettbewerb'] as const;

export type StartlistEncoding = 'utf8' | 'utf8-bom' | 'cp1252';
export const STARTLIST_ENCODINGS: readonly StartlistEncoding[] = ['utf8', 'utf8-bom', 'cp1252'];

/** Quotes a field only when it has to (delimiter, quote, line break), doubling inner quotes. */
function csvField(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function startlistText(race: Race): string {
  const lines = [STARTLIST_HEADER.join(';')];
  const all = race.competitions.flatMap((comp) => comp.competitors.map((c) => ({ c, comp })));
  all.sort((a, b) => a.c.bib - b.c.bib);
  for (const { c, comp } of all) {
    const fields = [String(c.bib), c.lastName, c.firstName, c.club ?? '', c.ageGroup, String(c.year), c.gender, c.nation, comp.name];
    lines.push(fields.map(csvField).join(';'));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function encodeStartlist(text: string, encoding: StartlistEncoding): Buffer {
  if (encoding === 'cp1252') return iconv.encode(text, 'win1252');
  const body = Buffer.from(text, 'utf8');
  return encoding === 'utf8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}
