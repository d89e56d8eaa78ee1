// The value model the parser produces: Java values as the JS values later stages want.
// (Owned by the parser; later stages rely on at least: strings, numbers, arrays, null, Unresolved.)

/** A reference to a handle the parser never saw (it joined mid-stream, or the bytes were lost). */
export class Unresolved {
  constructor(readonly handle: number) {}
}

export type JavaValue = null | string | number | bigint | boolean | Unresolved | JavaValue[];
