// Spectators type "muller" for "Müller", "12" for bib 12 or 123: case and accents do not matter.
import type { Row } from '../../src/results/types.js';

export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export interface Query {
  words: string[];
  bib: string | null;
}

export function parseQuery(text: string): Query | null {
  const t = fold(text.trim());
  if (!t) return null;
  return { words: t.split(/\s+/), bib: /^\d+$/.test(t) ? t : null };
}

/** Every word must occur in the name or club; a number matches bibs starting with it. */
export function matches(row: Row, q: Query, foldedText: string): boolean {
  if (q.bib !== null) return String(row.bib).startsWith(q.bib);
  return q.words.every((w) => foldedText.includes(w));
}
