// The JSON documents of the existing sender scripts, turned into the same ListUpdate as Winlaufen
// rows. Accepted unchanged:
// - the sender document: {"Wettkampf-ID", "Wettkampf-Name", "Kategorie-ID", "Kategorie-Name",
//   "gesendet", "Live-Ergebnisse": [{"Rang": 1, "Startnummer": 17, "Laufzeit", "Rückstand"}]}
// - the old sniffer's bare list: [{"Rang": "1", "Startnummer": "17", "Name", "Laufzeit", "Rückstand"}]
//   (all strings; it names no competition, so the caller supplies one).
import type { ListUpdate, RowUpdate } from './list-update.js';
import { parseRankText } from './rank-text.js';
import { isRaceTime } from './race-time.js';
import { wellFormed } from './well-formed.js';
import { combineStatus } from './read-row.js';

export class ResultsInputError extends Error {
  constructor(
    /** Where in the document, e.g. `Live-Ergebnisse[3].Startnummer`. */
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'ResultsInputError';
  }
}

export interface JsonSenderLimits {
  maxRows: number;
  maxStringLength: number;
  /** The competition id ("Wettkampf-ID/Kategorie-ID") as a whole. */
  maxIdLength: number;
}

export const DEFAULT_JSON_SENDER_LIMITS: JsonSenderLimits = { maxRows: 20_000, maxStringLength: 200, maxIdLength: 128 };

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown, path: string, limits: JsonSenderLimits, optional: boolean): string | null | undefined {
  if (v === undefined) {
    if (optional) return undefined;
    throw new ResultsInputError(path, 'is missing');
  }
  if (v === null) return null;
  if (typeof v !== 'string') throw new ResultsInputError(path, `must be a string, got ${typeName(v)}`);
  if (v.length > limits.maxStringLength) throw new ResultsInputError(path, `is longer than ${limits.maxStringLength} characters`);
  const t = wellFormed(v.trim());
  return t === '' ? null : t;
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function readBib(v: unknown, path: string): number {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^\s*\d{1,9}\s*$/.test(v)) return Number(v);
  throw new ResultsInputError(path, `must be a bib number, got ${JSON.stringify(v)?.slice(0, 40) ?? typeName(v)}`);
}

function readRow(raw: unknown, path: string, limits: JsonSenderLimits): RowUpdate {
  if (!isObj(raw)) throw new ResultsInputError(path, `must be an object, got ${typeName(raw)}`);
  const row: RowUpdate = { bib: readBib(raw.Startnummer, `${path}.Startnummer`) };
  // Missing keys are unknown (nothing changes); see combineStatus for the status.
  let rankStatus: string | null | undefined;
  const rang = raw.Rang;
  if (typeof rang === 'number') {
    if (!Number.isSafeInteger(rang) || rang < 0) throw new ResultsInputError(`${path}.Rang`, `must be a whole number, got ${rang}`);
    row.rank = rang > 0 ? rang : null;
    rankStatus = null;
  } else if (rang !== undefined) {
    const t = text(rang, `${path}.Rang`, limits, false);
    const parsed = t == null ? { rank: null, status: null } : parseRankText(t);
    row.rank = parsed.rank;
    rankStatus = parsed.status;
  }
  let timeStatus: string | null | undefined;
  const time = text(raw.Laufzeit, `${path}.Laufzeit`, limits, true);
  if (time === null || (time !== undefined && isRaceTime(time))) {
    row.time = time;
    timeStatus = null;
  } else if (time !== undefined) {
    row.time = null;
    timeStatus = time;
  }
  const status = combineStatus(rankStatus, timeStatus);
  if (status !== undefined) row.status = status;
  const gap = text(raw['Rückstand'], `${path}.Rückstand`, limits, true);
  if (gap !== undefined) row.gap = gap;
  for (const [key, field] of [['Name', 'name'], ['Verein', 'club'], ['AK', 'ageGroup']] as const) {
    const v = text(raw[key], `${path}.${key}`, limits, true);
    if (v !== undefined) row[field] = v;
  }
  return row;
}

function readRows(raw: unknown, path: string, limits: JsonSenderLimits): RowUpdate[] {
  if (!Array.isArray(raw)) throw new ResultsInputError(path, `must be a list of rows, got ${typeName(raw)}`);
  if (raw.length > limits.maxRows) throw new ResultsInputError(path, `has ${raw.length} rows, more than ${limits.maxRows}`);
  const seen = new Map<number, number>();
  return raw.map((r, i) => {
    const row = readRow(r, `${path}[${i}]`, limits);
    const first = seen.get(row.bib);
    if (first !== undefined) throw new ResultsInputError(`${path}[${i}].Startnummer`, `bib ${row.bib} already in row ${first}`);
    seen.set(row.bib, i);
    return row;
  });
}

function idPart(v: unknown, path: string, limits: JsonSenderLimits, optional: boolean): string | undefined {
  if (v === undefined && optional) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  const t = text(v, path, limits, optional);
  if (t == null) {
    if (optional) return undefined;
    throw new ResultsInputError(path, 'must be a non-empty string');
  }
  return t;
}

/** The sender document. Competition id: "Wettkampf-ID/Kategorie-ID" (or just Wettkampf-ID). */
export function convertJsonSenderDocument(doc: unknown, limits: JsonSenderLimits = DEFAULT_JSON_SENDER_LIMITS): ListUpdate {
  if (!isObj(doc)) throw new ResultsInputError('$', `must be a JSON object, got ${typeName(doc)}`);
  const wettkampf = idPart(doc['Wettkampf-ID'], 'Wettkampf-ID', limits, false)!;
  const kategorie = idPart(doc['Kategorie-ID'], 'Kategorie-ID', limits, true);
  const names = [text(doc['Wettkampf-Name'], 'Wettkampf-Name', limits, true), text(doc['Kategorie-Name'], 'Kategorie-Name', limits, true)];
  const name = names.filter((n): n is string => typeof n === 'string').join(' – ');
  const sentAt = text(doc.gesendet, 'gesendet', limits, true);
  const competition = kategorie === undefined ? wettkampf : `${wettkampf}/${kategorie}`;
  if (competition.length > limits.maxIdLength) {
    throw new ResultsInputError(kategorie === undefined ? 'Wettkampf-ID' : 'Kategorie-ID', `the competition id ${JSON.stringify(competition.slice(0, 40))}… is longer than ${limits.maxIdLength} characters`);
  }
  const update: ListUpdate = {
    source: 'json-sender',
    competition,
    competitionName: name === '' ? null : name,
    rows: readRows(doc['Live-Ergebnisse'], 'Live-Ergebnisse', limits),
  };
  if (typeof sentAt === 'string') update.sentAt = sentAt;
  return update;
}

/** The old sniffer's bare row list; it carries no competition, so `competition` says which. */
export function convertSnifferRows(list: unknown, competition: string, limits: JsonSenderLimits = DEFAULT_JSON_SENDER_LIMITS): ListUpdate {
  return { source: 'sniffer-json', competition, rows: readRows(list, '$', limits) };
}

/** Either document, told apart by its shape (list -> sniffer, object -> sender document). */
export function convertResultsJson(
  doc: unknown,
  options: { snifferCompetition: string; limits?: JsonSenderLimits },
): ListUpdate {
  const limits = options.limits ?? DEFAULT_JSON_SENDER_LIMITS;
  return Array.isArray(doc) ? convertSnifferRows(doc, options.snifferCompetition, limits) : convertJsonSenderDocument(doc, limits);
}

