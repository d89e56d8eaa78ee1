// uWS pub/sub topics of the live feed: one per encoding and subscription, so each delta is encoded
// once per encoding (and once more per competition it touches), never once per viewer.
import type { Encoding } from '../wire/index.js';

export function topicFor(encoding: Encoding, competition: string | null): string {
  return competition === null ? `${encoding}/all` : `${encoding}/comp/${competition}`;
}
