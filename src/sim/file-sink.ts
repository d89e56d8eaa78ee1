// A copy of the sent bytes into a file (or stdout for "-"), with back-pressure.
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { ByteSinkTarget } from './race-sender.js';

export interface ClosableSink extends ByteSinkTarget {
  close(): Promise<void>;
}

export function openFileSink(path: string): ClosableSink {
  const out: Writable = path === '-' ? process.stdout : createWriteStream(path);
  let failure: Error | null = null;
  out.on('error', (err) => {
    failure ??= err;
  });
  return {
    async write(chunk) {
      if (failure) throw new Error(`cannot write ${path}: ${failure.message}`);
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', r));
    },
    async close() {
      if (path === '-') return;
      await new Promise<void>((resolve) => out.end(resolve));
      if (failure) throw new Error(`cannot write ${path}: ${failure.message}`);
    },
  };
}
