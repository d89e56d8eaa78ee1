// Where Winlaufen puts each field in a result-row array, and how the Integers before a run of
// rows are read. A JSON-able object, so a new Winlaufen version needs a config file, not code.

export const ROW_FIELDS = ['rank', 'bib', 'name', 'club', 'ageGroup', 'time', 'gap'] as const;
export type RowField = (typeof ROW_FIELDS)[number];

export interface RowLayout {
  /** A label for reports (`dump`, metrics). */
  name: string;
  /** Array length this layout applies to. */
  length: number;
  /** Arrays longer than `length` match too, extra trailing elements ignored (counted as a shape). */
  allowExtra: boolean;
  /** Array index of each field; `bib` is required, a missing field is never sent by this layout. */
  fields: Partial<Record<RowField, number>> & { bib: number };
}

export const HEADER_FIELDS = ['competition', 'position', 'countHint'] as const;
export type HeaderField = (typeof HEADER_FIELDS)[number];

export interface RowLayoutConfig {
  rowLayouts: RowLayout[];
  /**
   * The run of Integers directly before a run of rows is the list header. Its LAST
   * `header.length` values are read, at these indexes (0 = first of those last values).
   * A shorter run, or none, leaves the competition unknown: those rows are not attributed.
   */
  header: { length: number; fields: Partial<Record<HeaderField, number>> & { competition: number } };
}

/** What the one real sample shows: Integer 18, 0, 5 then String[7] rows. */
export const DEFAULT_ROW_LAYOUT: RowLayoutConfig = {
  rowLayouts: [
    {
      name: 'winlaufen-7',
      length: 7,
      allowExtra: true,
      fields: { rank: 0, bib: 1, name: 2, club: 3, ageGroup: 4, time: 5, gap: 6 },
    },
  ],
  header: { length: 3, fields: { competition: 0, position: 1, countHint: 2 } },
};

export class RowLayoutError extends Error {
  constructor(message: string) {
    super(`row layout config: ${message}`);
    this.name = 'RowLayoutError';
  }
}

function isIndex(v: unknown, below: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < below;
}

function readFieldMap<K extends string>(
  raw: unknown,
  names: readonly K[],
  below: number,
  where: string,
): Partial<Record<K, number>> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new RowLayoutError(`${where} must be an object`);
  const out: Partial<Record<K, number>> = {};
  for (const [key, idx] of Object.entries(raw)) {
    if (!(names as readonly string[]).includes(key)) {
      throw new RowLayoutError(`${where}: unknown field "${key}" (known: ${names.join(', ')})`);
    }
    if (!isIndex(idx, below)) throw new RowLayoutError(`${where}.${key} must be an integer index 0..${below - 1}`);
    out[key as K] = idx;
  }
  return out;
}

/** Validates a config object (e.g. parsed from a JSON file); missing parts take the default. */
export function parseRowLayoutConfig(raw: unknown): RowLayoutConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new RowLayoutError('must be a JSON object');
  const obj = raw as Record<string, unknown>;
  const rowLayouts: RowLayout[] = [];
  const rawLayouts = obj.rowLayouts ?? DEFAULT_ROW_LAYOUT.rowLayouts;
  if (!Array.isArray(rawLayouts) || rawLayouts.length === 0) throw new RowLayoutError('rowLayouts must be a non-empty array');
  rawLayouts.forEach((l: unknown, i) => {
    const where = `rowLayouts[${i}]`;
    if (typeof l !== 'object' || l === null) throw new RowLayoutError(`${where} must be an object`);
    const o = l as Record<string, unknown>;
    if (!isIndex(o.length, 1025) || o.length === 0) throw new RowLayoutError(`${where}.length must be an integer 1..1024`);
    const fields = readFieldMap(o.fields, ROW_FIELDS, o.length, `${where}.fields`);
    if (fields.bib === undefined) throw new RowLayoutError(`${where}.fields.bib is required`);
    rowLayouts.push({
      name: typeof o.name === 'string' ? o.name : `layout-${i}`,
      length: o.length,
      allowExtra: o.allowExtra === undefined ? false : o.allowExtra === true,
      fields: { ...fields, bib: fields.bib },
    });
  });
  const rawHeader = (obj.header ?? DEFAULT_ROW_LAYOUT.header) as Record<string, unknown>;
  if (typeof rawHeader !== 'object' || rawHeader === null) throw new RowLayoutError('header must be an object');
  if (!isIndex(rawHeader.length, 65) || rawHeader.length === 0) throw new RowLayoutError('header.length must be an integer 1..64');
  const hf = readFieldMap(rawHeader.fields, HEADER_FIELDS, rawHeader.length, 'header.fields');
  if (hf.competition === undefined) throw new RowLayoutError('header.fields.competition is required');
  return { rowLayouts, header: { length: rawHeader.length, fields: { ...hf, competition: hf.competition } } };
}
