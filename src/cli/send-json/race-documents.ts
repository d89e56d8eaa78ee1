// A made-up race (the simulator's race model and script) as the JSON sender would report it: one
// sender document per list update, German keys, a window of the list each (a document is an upsert).
import type { Race } from '../../sim/race-model.js';
import type { ListUpdate } from '../../sim/race-script.js';

export interface SenderDocumentOptions {
  /** Only the keys of the real sender (Rang, Startnummer, Laufzeit, Rückstand), no names or clubs. */
  plain: boolean;
}

/** "YYYY-MM-DD HH:MM:SS" in local time, as the sender's `gesendet`. */
export function senderTimestamp(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
}

export function senderDocument(race: Race, update: ListUpdate, sentAt: Date, options: SenderDocumentOptions): Record<string, unknown> {
  const comp = race.competitions.find((c) => c.id === update.competitionId);
  return {
    'Wettkampf-ID': `sim-${race.seed}`,
    'Wettkampf-Name': race.title,
    'Kategorie-ID': String(update.competitionId),
    'Kategorie-Name': comp?.name ?? String(update.competitionId),
    gesendet: senderTimestamp(sentAt),
    'Live-Ergebnisse': update.rows.map((r) => {
      const row: Record<string, unknown> = { Rang: r.rank ?? '', Startnummer: r.bib, Laufzeit: r.time, 'Rückstand': r.gap };
      if (!options.plain) Object.assign(row, { Name: r.name, Verein: r.club, AK: r.ageGroup });
      return row;
    }),
  };
}
