// The results pushed in during the fan-out steps: JSON sender documents (the protocol's ingest
// format, German keys), one per "finish": the window of the last six finishers ending at the new
// one. Each document changes the state by exactly one new row, so each yields one delta, as a
// finish in a real race does. The same documents, applied to a local ResultsState, give the
// delta bytes the Python relay forwards (same sizes as racewire sends).
import { ResultsState, type Delta } from '../../src/results/index.js';
import { decodeIngestJson, encodeMsgpack, encodeServerMessageJson } from '../../src/wire/index.js';

const WINDOW = 6;
const FIRST_MS = 29 * 60_000 + 13_400;

function clock(ms: number): string {
  const t = Math.round(ms / 100);
  const tenths = t % 10;
  const s = Math.floor(t / 10);
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  return `${hh}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}.${tenths}`;
}

const CLUBS = ['LG Süd Berlin', 'TSV Oberhof 1890', 'SC Neubrandenburg', 'LAV Stadtwerke Tübingen', 'ohne Verein'];
const NAMES = ['MÜLLER Jonas', 'SCHMIDT Anna-Lena', 'WEIß Noël', 'BÄCKER Sigrid', 'KRÜGER Ferdinand', 'ÖZTÜRK Elif'];

/** The n-th sender document (n >= 0): finishers 0..n, the last six of them. */
export function senderDocument(n: number): string {
  const rows = [];
  for (let i = Math.max(0, n - WINDOW + 1); i <= n; i++) {
    const ms = FIRST_MS + i * 7_300;
    rows.push({
      Rang: i + 1,
      Startnummer: 100 + i,
      Name: NAMES[i % NAMES.length],
      Verein: CLUBS[i % CLUBS.length],
      AK: i % 2 ? 'W35' : 'M40',
      Laufzeit: clock(ms),
      Rückstand: clock(ms - FIRST_MS),
    });
  }
  return JSON.stringify({
    'Wettkampf-ID': 'bench',
    'Wettkampf-Name': 'Fan-out Lauf',
    'Kategorie-ID': '10km',
    'Kategorie-Name': '10 km',
    gesendet: '2026-11-23 10:00:00',
    'Live-Ergebnisse': rows,
  });
}

/** The deltas the documents produce, as racewire would send them (for the Python relay). */
export class LocalDeltas {
  private readonly state = new ResultsState();

  next(document: string): { delta: Delta; msgpack: Uint8Array; json: string } {
    const input = decodeIngestJson(document, { snifferCompetition: 'sniffer' });
    if (input.kind !== 'list-update') throw new Error('sender document not read as a list update');
    const delta = this.state.applyListUpdate(input.update);
    if (!delta) throw new Error('sender document changed nothing');
    return { delta, msgpack: new Uint8Array(encodeMsgpack(delta)), json: encodeServerMessageJson(delta) };
  }
}
