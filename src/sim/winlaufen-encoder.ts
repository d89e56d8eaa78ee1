// Turns list updates into the bytes of a Winlaufen-like Java serialization stream.
//
// Per stream (a TCP connection) and again after every reset(), a preamble of top-level Strings:
// event title, "Ergebnisliste", "vorläufig", "offiziell", then each competition's name. Every list
// update then is, as top-level objects (the shape of the real sample):
//   [TC_BLOCKDATA 14 zero bytes]              <- only with blockData (a guess from the sample)
//   ref(competition name)                      <- the sample's leading TC_REFERENCE (its real
//   Integer competition, Integer position,        meaning is unknown; ours is a guess)
//   Integer index of the last row (rows - 1)   <- the sample has 5 with six rows
//   String[7] per row: rank, bib, name, club, ageGroup, time, gap
//   ref(event title), ref("Ergebnisliste"), ref("vorläufig" | "offiziell")   <- the three trailing
//                                                 references of the sample, also a guess
// Club and age-group strings are one shared instance per distinct text for the whole race (as
// in Winlaufen's memory), so within a stream they are back-references after their first write;
// names, ranks, times and gaps are fresh strings each time, Integers fresh boxes (`new Integer`),
// except the texts a Java program would write from string literals ("" for no rank or gap, "DNF",
// "DSQ"): literals are interned, one instance, so they are back-references too.
import { JavaInteger, JavaSharedString, JavaStringArray, type JavaStringValue } from './java-values.js';
import { JavaStreamWriter } from './java-writer.js';
import type { Race } from './race-model.js';
import type { ListUpdate } from './race-script.js';

/** Cell texts that come from string literals in a Java program (one interned instance each). */
const LITERALS = new Set(['', 'DNF', 'DSQ']);

export interface EncoderOptions {
  /** reset() before every N-th update of a stream; 0 = never. */
  resetEvery: number;
  /**
   * Primitive data (TC_BLOCKDATA) written before each update, or none. The real sample begins
   * with 14 zero bytes right before its first type code, which may be the tail of such a block;
   * `SAMPLE_BLOCK_DATA` imitates that (a guess, off by default).
   */
  blockData?: Uint8Array | null;
}

/** 14 zero bytes, as seen in front of the sample's first type code. */
export const SAMPLE_BLOCK_DATA = new Uint8Array(14);

export class WinlaufenStreamEncoder {
  private readonly clubs = new Map<string, JavaSharedString>();
  private readonly ageGroups = new Map<string, JavaSharedString>();
  private readonly literals = new Map<string, JavaSharedString>();
  private readonly competitionNames = new Map<number, JavaSharedString>();
  private readonly title: JavaSharedString;
  private readonly listTitle = new JavaSharedString('Ergebnisliste');
  private readonly provisional = new JavaSharedString('vorläufig');
  private readonly official = new JavaSharedString('offiziell');
  private writer: JavaStreamWriter | null = null;
  private updatesInStream = 0;
  private resetsTotal = 0;

  constructor(
    race: Race,
    private readonly opts: EncoderOptions,
  ) {
    this.title = new JavaSharedString(race.title);
    for (const c of race.competitions) this.competitionNames.set(c.id, new JavaSharedString(c.name));
  }

  get resets(): number {
    return this.resetsTotal;
  }

  /** A new connection: stream header and preamble; handles start afresh. */
  startStream(): Buffer {
    this.writer = new JavaStreamWriter();
    this.updatesInStream = 0;
    this.writePreamble(this.writer);
    return this.writer.flush();
  }

  encodeUpdate(update: ListUpdate): Buffer {
    const w = this.writer;
    if (!w) throw new Error('startStream() first');
    if (this.opts.resetEvery > 0 && this.updatesInStream > 0 && this.updatesInStream % this.opts.resetEvery === 0) {
      w.reset();
      this.resetsTotal++;
      this.writePreamble(w);
    }
    this.updatesInStream++;
    if (this.opts.blockData?.length) w.writeBytes(this.opts.blockData);
    w.writeObject(this.competitionNames.get(update.competitionId) ?? null);
    w.writeObject(new JavaInteger(update.competitionId));
    w.writeObject(new JavaInteger(update.position));
    w.writeObject(new JavaInteger(update.rows.length - 1));
    for (const r of update.rows) {
      const cells: Array<JavaStringValue | null> = [
        r.rank === null ? sharedString(this.literals, '') : String(r.rank),
        String(r.bib),
        r.name,
        r.club === null ? null : sharedString(this.clubs, r.club),
        sharedString(this.ageGroups, r.ageGroup),
        LITERALS.has(r.time) ? sharedString(this.literals, r.time) : r.time,
        LITERALS.has(r.gap) ? sharedString(this.literals, r.gap) : r.gap,
      ];
      w.writeObject(new JavaStringArray(cells));
    }
    w.writeObject(this.title);
    w.writeObject(this.listTitle);
    w.writeObject(update.official ? this.official : this.provisional);
    return w.flush();
  }

  private writePreamble(w: JavaStreamWriter): void {
    for (const s of [this.title, this.listTitle, this.provisional, this.official, ...this.competitionNames.values()]) {
      w.writeObject(s);
    }
  }
}

function sharedString(pool: Map<string, JavaSharedString>, text: string): JavaSharedString {
  let s = pool.get(text);
  if (!s) pool.set(text, (s = new JavaSharedString(text)));
  return s;
}
