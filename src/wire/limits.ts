// Bounds every decoder enforces, so hostile input is rejected before it costs memory or time.
import { MAX_ID_LENGTH, MAX_TEXT_LENGTH } from '../results/types.js';
export interface WireLimits {
  maxBytes: number;
  maxCompetitions: number;
  maxRowsPerCompetition: number;
  /** Rows in all competitions of one message together. */
  maxRowsTotal: number;
  maxFinishers: number;
  maxStringLength: number;
  maxIdLength: number;
}

export const DEFAULT_WIRE_LIMITS: WireLimits = {
  maxBytes: 16 * 1024 * 1024,
  maxCompetitions: 1000,
  maxRowsPerCompetition: 50_000,
  maxRowsTotal: 200_000,
  maxFinishers: 10_000,
  // The results state never holds more (src/results/types.ts), so its messages always pass.
  maxStringLength: MAX_TEXT_LENGTH,
  maxIdLength: MAX_ID_LENGTH,
};
