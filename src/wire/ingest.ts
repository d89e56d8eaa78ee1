// Everything /ingest accepts as text, told apart by shape: our own snapshot/delta (an object with
// "type"), the JSON sender document (an object with "Live-Ergebnisse"), the old sniffer's bare row
// list (an array). Pure; the server decides what to do with each.
import type { ListUpdate } from '../winlaufen/list-update.js';
import { convertResultsJson, DEFAULT_JSON_SENDER_LIMITS, ResultsInputError } from '../winlaufen/json-sender.js';
import type { IngestMessage } from './messages.js';
import { parseJsonMessage } from './decode.js';
import { DEFAULT_WIRE_LIMITS, type WireLimits } from './limits.js';
import { validateIngestMessage } from './validate.js';
import { WireError } from './wire-error.js';

export type IngestInput =
  | { kind: 'message'; message: IngestMessage }
  | { kind: 'list-update'; update: ListUpdate };

export interface IngestJsonOptions {
  /** Competition id for the sniffer's bare row list, which names none. */
  snifferCompetition: string;
  limits?: WireLimits;
}

export function decodeIngestJson(input: string | Uint8Array, options: IngestJsonOptions): IngestInput {
  const L = options.limits ?? DEFAULT_WIRE_LIMITS;
  const doc = parseJsonMessage(input, L);
  if (typeof doc === 'object' && doc !== null && !Array.isArray(doc) && 'type' in doc) {
    return { kind: 'message', message: validateIngestMessage(doc, L) };
  }
  try {
    const update = convertResultsJson(doc, {
      snifferCompetition: options.snifferCompetition,
      limits: { ...DEFAULT_JSON_SENDER_LIMITS, maxRows: L.maxRowsPerCompetition, maxStringLength: L.maxStringLength, maxIdLength: L.maxIdLength },
    });
    return { kind: 'list-update', update };
  } catch (e) {
    if (e instanceof ResultsInputError) throw new WireError('invalid', e.path, e.message.slice(e.path.length + 2));
    throw e;
  }
}
