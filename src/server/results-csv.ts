// One competition as CSV (RFC 4180, comma, CRLF), for spreadsheets at the finish line: UTF-8 with a
// BOM so Excel shows the umlauts, and cells that start like a formula are quoted with a leading '
// so a name such as "=HYPERLINK(...)" stays text.
import { ROW_KEYS, type Competition } from '../results/index.js';

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function competitionCsv(competition: Competition): string {
  const lines = [ROW_KEYS.join(',')];
  for (const row of competition.rows) lines.push(ROW_KEYS.map((k) => cell(row[k])).join(','));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
