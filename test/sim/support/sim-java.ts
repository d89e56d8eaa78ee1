// Compiles fixtures/sim-java/*.java once into a temp dir keyed by the sources' hash, and runs the
// JDK programs. The compile goes to a private dir first and is renamed into place, so test files
// running in parallel never see half-written classes.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const sourceDir = fileURLToPath(new URL('../../../fixtures/sim-java/', import.meta.url));

export async function simJavaClasses(): Promise<string> {
  const sources = readdirSync(sourceDir).filter((f) => f.endsWith('.java')).sort();
  const hash = createHash('sha256');
  for (const f of sources) hash.update(f).update(readFileSync(join(sourceDir, f)));
  const dir = join(tmpdir(), `racewire-sim-java-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(dir)) return dir;
  const work = mkdtempSync(join(tmpdir(), 'racewire-sim-javac-'));
  await run('javac', ['-Xlint:none', '-d', work, ...sources.map((f) => join(sourceDir, f))]);
  try {
    renameSync(work, dir);
  } catch {
    rmSync(work, { recursive: true, force: true }); // another test file won the race: use its classes
  }
  return dir;
}

/** Runs a compiled fixture class with `input` on stdin; resolves with stdout as bytes. */
export async function runJava(mainClass: string, args: string[], input: string | Buffer = ''): Promise<Buffer> {
  const classes = await simJavaClasses();
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-cp', classes, mainClass, ...args], { timeout: 60_000 });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`java ${mainClass} exited ${code}: ${Buffer.concat(err).toString()}`));
    });
    child.stdin.end(input);
  });
}

/** What SimRead prints for a stream file: one parsed JSON value per top-level item. */
export async function jdkRead(file: string, opts: { ids?: boolean } = {}): Promise<unknown[]> {
  const text = (await runJava('SimRead', [...(opts.ids ? ['--ids'] : []), file])).toString('ascii');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);
}
