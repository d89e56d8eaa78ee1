/** Reconnect delays: doubling from `minMs` up to `maxMs`, with ±25 % jitter so relays are not hit in step. */
export function backoffDelay(attempt: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 20));
  return Math.round(base * (0.75 + random() * 0.5));
}
