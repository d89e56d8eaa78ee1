import { fileURLToPath } from 'node:url';

/** Absolute path of a file in fixtures/capture. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../../fixtures/capture/${name}`, import.meta.url));
}
