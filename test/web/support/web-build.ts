// Builds the overlay into a temp directory with the real build script (web/build.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

export function buildWeb(outdir: string): void {
  const r = spawnSync(process.execPath, [join(repo, 'web/build.mjs'), '--outdir', outdir, '--quiet'], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0 || !existsSync(join(outdir, 'index.html'))) throw new Error(`web build failed: ${r.stderr}${r.stdout}`);
}
