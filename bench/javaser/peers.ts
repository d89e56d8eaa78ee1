// The npm packages the parser is compared with, each reading a whole buffer of top-level values.
// Both are CommonJS without types and read only whole buffers (no incremental feeding).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface JavaDeserialization {
  parse(buf: Buffer): unknown[];
}
/** The package's parser class, which reads a whole buffer in its constructor. */
type JavaDeserializationParser = new (buf: Buffer) => { contents: unknown[] };
interface JavaIo {
  InputObjectStream: new (buf: Buffer, withType?: boolean) => { readObject(): unknown; lookAhead(): number | undefined };
}

const javaDeserialization = require('java-deserialization') as JavaDeserialization;
const JavaDeserializationParser = require('java-deserialization/src/parser.js') as JavaDeserializationParser;
const javaIo = require('java.io') as JavaIo;

export interface Peer {
  name: string;
  /** Reads every top-level value; returns how many. Throws what the package throws. */
  readAll(buf: Buffer): number;
  /** A reader of the package that has read `buf`, to keep alive while timing (see held.ts). */
  reader(buf: Buffer): unknown;
}

/** java.io's stream reader, read to the end of `buf`; returns it and how many values it read. */
function readJavaIo(buf: Buffer): { stream: InstanceType<JavaIo['InputObjectStream']>; values: number } {
  const stream = new javaIo.InputObjectStream(buf);
  let values = 0;
  while (stream.lookAhead() !== undefined) {
    stream.readObject();
    values++;
  }
  return { stream, values };
}

export const peers: Peer[] = [
  {
    name: 'java-deserialization',
    readAll: (buf) => javaDeserialization.parse(buf).length,
    reader: (buf) => new JavaDeserializationParser(buf),
  },
  { name: 'java.io', readAll: (buf) => readJavaIo(buf).values, reader: (buf) => readJavaIo(buf).stream },
];
