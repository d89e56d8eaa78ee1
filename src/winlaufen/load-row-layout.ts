// Edge: reads a row layout config file (JSON). The validation itself is pure (row-layout.ts).
import { readFileSync } from 'node:fs';
import { parseRowLayoutConfig, RowLayoutError, type RowLayoutConfig } from './row-layout.js';

export function loadRowLayoutFile(path: string): RowLayoutConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new RowLayoutError(`cannot read ${path}: ${(e as Error).message}`);
  }
  return parseRowLayoutConfig(raw);
}
