// Winlaufen's rank column: "1", sometimes "1." ; empty while not ranked; a word for those out of
// the ranking ("DNF", "aufg.", "disq.", "DSQ", "n.a." ...), which we keep verbatim as a status.

export interface ParsedRank {
  rank: number | null;
  status: string | null;
}

const NUMERIC_RANK = /^(\d{1,6})\.?$/;

export function parseRankText(text: string): ParsedRank {
  const t = text.trim();
  if (t === '') return { rank: null, status: null };
  const m = NUMERIC_RANK.exec(t);
  if (m) {
    const rank = Number(m[1]);
    return rank > 0 ? { rank, status: null } : { rank: null, status: null };
  }
  return { rank: null, status: t };
}
