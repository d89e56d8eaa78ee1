// Winlaufen-like streams for the parser bench, written by the JDK (fixtures/java/WinlaufenStream.java)
// and cached under bench/out/ (gitignored): generating 20 MB takes a few seconds.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileJavaFixtures, repoRoot, runJava } from '../../test/support/java.js';

export interface StreamSpec {
  /** Target size in bytes (the writer stops at the first update past it). */
  bytes: number;
  seed: number;
  /** reset() every N list updates; 0 = never (the npm peers cannot read TC_RESET). */
  resetEvery: number;
}

/** The path of the stream for `spec`, generating it first if it is not cached. */
export async function winlaufenStream(spec: StreamSpec): Promise<string> {
  const dir = join(repoRoot, 'bench/out');
  const path = join(dir, `winlaufen-${spec.bytes}-seed${spec.seed}-reset${spec.resetEvery}.ser`);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  compileJavaFixtures();
  await runJava('WinlaufenStream', [path, String(spec.bytes), String(spec.seed), String(spec.resetEvery)]);
  return path;
}
