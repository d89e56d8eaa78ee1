// The npm packages the parser is compared with, each reading a whole buffer of top-level values.
// Both are CommonJS without types and read only whole buffers (no incremental feeding).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface JavaDeserialization {
  parse(buf: Buffer): unknown[];
}
interface JavaIo {
  InputObjectStream: new (buf: Buffer, withType?: boolean) => { readObject(): unknown; lookAhead(): number | undefined };
}

const javaDeserialization = require('java-deserialization') as JavaDeserialization;
const javaIo = require('java.io') as JavaIo;

export interface Peer {
  name: string;
  /** Reads every top-level value; returns how many. Throws what the package throws. */
  readAll(buf: Buffer): number;
}

export const peers: Peer[] = [
  { name: 'java-deserialization', readAll: (buf) => javaDeserialization.parse(buf).length },
  {
    name: 'java.io',
    readAll: (buf) => {
      const s = new javaIo.InputObjectStream(buf);
      let n = 0;
      while (s.lookAhead() !== undefined) {
        s.readObject();
        n++;
      }
      return n;
    },
  },
];
