// Epoch ids: time-based (sortable, readable in logs) plus randomness, so two resets in the same
// millisecond or on two machines never share one.
export function newEpochId(now: number = Date.now()): string {
  const random = new Uint32Array(2);
  globalThis.crypto.getRandomValues(random);
  return `${now.toString(36)}-${random[0]!.toString(36)}${random[1]!.toString(36)}`;
}
