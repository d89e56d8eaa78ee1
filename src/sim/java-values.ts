// What the simulator's Java-serialization writer can write, with Java's object identity made
// explicit: a JS object stands for one Java instance (written again => back-reference until the
// next reset), a plain JS string for a String instance made fresh for this one write.

/** One java.lang.String instance that may be written many times (e.g. a club name kept in memory). */
export class JavaSharedString {
  constructor(readonly value: string) {}
}

/** One java.lang.Integer instance (Winlaufen boxes a new one per write: `new Integer(n)`). */
export class JavaInteger {
  constructor(readonly value: number) {
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
      throw new RangeError(`not a Java int: ${value}`);
    }
  }
}

/** A plain string is a fresh String instance; a JavaSharedString is the same instance each time. */
export type JavaStringValue = string | JavaSharedString;

/** One String[] instance. */
export class JavaStringArray {
  constructor(readonly items: ReadonlyArray<JavaStringValue | null>) {}
}

export type JavaWritable = null | JavaStringValue | JavaInteger | JavaStringArray;

/** A serializable field of a class descriptor: primitive type code, or object with its type signature. */
export interface FieldDesc {
  typeCode: 'B' | 'C' | 'D' | 'F' | 'I' | 'J' | 'S' | 'Z' | 'L' | '[';
  name: string;
  /** JVM signature for 'L' and '[' fields, e.g. "Ljava/lang/String;". */
  signature?: string;
}

/** A class descriptor as ObjectOutputStream writes it (TC_CLASSDESC, non-proxy). */
export interface ClassDesc {
  name: string;
  suid: bigint;
  /** SC_SERIALIZABLE = 0x02, SC_WRITE_METHOD = 0x01, ... */
  flags: number;
  fields: readonly FieldDesc[];
  superDesc: ClassDesc | null;
}

// serialVersionUIDs as printed by the JDK 17 `serialver` tool / ObjectStreamClass.lookup(...).
export const NUMBER_DESC: ClassDesc = {
  name: 'java.lang.Number',
  suid: -8742448824652078965n,
  flags: 0x02,
  fields: [],
  superDesc: null,
};

export const INTEGER_DESC: ClassDesc = {
  name: 'java.lang.Integer',
  suid: 1360826667806852920n,
  flags: 0x02,
  fields: [{ typeCode: 'I', name: 'value' }],
  superDesc: NUMBER_DESC,
};

export const STRING_ARRAY_DESC: ClassDesc = {
  name: '[Ljava.lang.String;',
  suid: -5921575005990323385n,
  flags: 0x02,
  fields: [],
  superDesc: null,
};
