// Results of pure functions of a string, remembered per string. Winlaufen resends every row of a
// list window with each finish, and the parser hands out the same string objects for the same
// bytes, so nearly every rank, bib, name, time and gap seen here was seen before: a Map hit on a
// string whose hash V8 already keeps is cheaper than trimming, regex matching and allocating again.

export class TextMemo<T> {
  readonly #known = new Map<string, T>();

  /** `max` bounds memory on a stream of endless new texts; clearing only costs recomputation. */
  constructor(
    private readonly compute: (text: string) => T,
    private readonly max = 100_000,
  ) {}

  get(text: string): T {
    const hit = this.#known.get(text);
    if (hit !== undefined) return hit;
    const v = this.compute(text);
    if (this.#known.size >= this.max) this.#known.clear();
    this.#known.set(text, v);
    return v;
  }
}
