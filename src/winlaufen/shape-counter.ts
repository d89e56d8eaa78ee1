// Counts unknown message shapes by signature, with a bound on distinct signatures so hostile or
// corrupt input cannot grow it without limit.
export class ShapeCounter {
  private readonly counts = new Map<string, number>();
  constructor(private readonly maxSignatures = 256) {}

  add(signature: string): void {
    const key = this.counts.has(signature) || this.counts.size < this.maxSignatures ? signature : '(other shapes)';
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Signature -> count, most frequent first. */
  toObject(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort((a, b) => b[1] - a[1]));
  }

  get total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }
}
