// `racewire dump --winlaufen`: the stream as racewire's Winlaufen stage reads it: one JSON line per
// list update, then one summary line with the counts and every value shape that was neither a row,
// a header Integer nor a reference (by signature, e.g. "array[3]<nnn>"): what to look at when a new
// Winlaufen version sends something the row layout does not know.
import { JavaStreamParser, type ParseEvent, type ParserOptions } from '../../javaser/index.js';
import { DEFAULT_ROW_LAYOUT, RowExtractor, type ListUpdate, type RowLayoutConfig } from '../../winlaufen/index.js';

export function dumpWinlaufen(
  bytes: Uint8Array,
  options: Partial<ParserOptions>,
  layout: RowLayoutConfig | undefined,
  line: (text: string) => void,
): ParseEvent[] {
  const parser = new JavaStreamParser(options);
  const rows = new RowExtractor(layout ?? DEFAULT_ROW_LAYOUT);
  const events = [...parser.feed(bytes), ...parser.end()];
  const print = (updates: ListUpdate[]) => {
    for (const u of updates) line(JSON.stringify(u));
  };
  for (const e of events) print(rows.push(e));
  print(rows.flush());
  line(JSON.stringify({ winlaufen: rows.stats() }));
  return events;
}
