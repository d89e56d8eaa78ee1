// Where each forwarder's feed stands: per upstream epoch, the last seq applied here. Forwarders
// resend after reconnecting, so anything at or below it is a duplicate; anything beyond seq + 1
// means deltas were lost on the way and the forwarder must resend or send a snapshot.

export type ForwardedDeltaVerdict =
  | { kind: 'apply' }
  | { kind: 'duplicate'; have: number }
  | { kind: 'gap'; have: number | null };

/** How many upstream epochs are remembered (a forwarder's restart or reset makes a new one). */
const MAX_EPOCHS = 16;

export class UpstreamPositions {
  private readonly positions = new Map<string, number>();

  static fromJson(text: string | null): UpstreamPositions {
    const p = new UpstreamPositions();
    if (!text) return p;
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        for (const [epoch, seq] of Object.entries(parsed)) if (Number.isSafeInteger(seq)) p.positions.set(epoch, seq as number);
      }
    } catch {
      // A damaged entry only means forwarders are asked for a snapshot again.
    }
    return p;
  }

  toJson(): string {
    return JSON.stringify(Object.fromEntries(this.positions));
  }

  get(epoch: string): number | undefined {
    return this.positions.get(epoch);
  }

  judgeDelta(epoch: string, seq: number): ForwardedDeltaVerdict {
    const have = this.positions.get(epoch);
    // The first delta of an epoch applies to the empty state the upstream started from.
    if (have === undefined) return seq === 1 ? { kind: 'apply' } : { kind: 'gap', have: null };
    if (seq <= have) return { kind: 'duplicate', have };
    if (seq > have + 1) return { kind: 'gap', have };
    return { kind: 'apply' };
  }

  set(epoch: string, seq: number): void {
    this.positions.delete(epoch); // re-insert: Map order is recency order
    this.positions.set(epoch, seq);
    while (this.positions.size > MAX_EPOCHS) this.positions.delete(this.positions.keys().next().value!);
  }

  clear(): void {
    this.positions.clear();
  }
}
