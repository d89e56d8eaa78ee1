// Compiling and running the JDK-side fixture programs (fixtures/java/), and comparing their JSON
// (docs/javaser-json.md) with the parser's. Paths resolve from the repo root, so this works both from
// test/ (vitest) and from dist/bench/ (compiled bench).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repo root: the nearest directory upwards that holds package.json. */
export const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
export const javaSourceDir = join(repoRoot, 'fixtures/java');
export const javaBuildDir = join(javaSourceDir, 'build');

/** JdkDump reflects over JDK classes' private fields (e.g. a Throwable after TC_EXCEPTION). */
export const javaOpens = ['java.lang', 'java.util', 'java.lang.reflect', 'java.math'].flatMap((p) => [
  '--add-opens',
  `java.base/${p}=ALL-UNNAMED`,
]);

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'fixtures'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no repo root above ${from}`);
  }
}

function javaSources(dir = javaSourceDir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && path !== javaBuildDir) out.push(...javaSources(path));
    else if (entry.isFile() && entry.name.endsWith('.java')) out.push(path);
  }
  return out;
}

/**
 * Compiles fixtures/java into fixtures/java/build unless the build is newer than every source.
 * Fails loudly when javac is missing: the JDK tests must run, not skip (CI installs the JDK).
 */
export function compileJavaFixtures(): void {
  const sources = javaSources();
  const stamp = join(javaBuildDir, '.compiled');
  const newest = Math.max(...sources.map((s) => statSync(s).mtimeMs));
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= newest) return;
  mkdirSync(javaBuildDir, { recursive: true });
  try {
    execFileSync('javac', ['-encoding', 'UTF-8', '-Xlint:-deprecation', '-Xlint:-removal', '-d', javaBuildDir, ...sources], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    if (e.code === 'ENOENT') throw new Error('javac not found: the JDK fixtures need a JDK (17) on PATH');
    throw new Error(`javac failed on fixtures/java:\n${e.stderr?.toString() ?? e.message}`);
  }
  writeFileSync(stamp, new Date().toISOString());
}

/** Runs a fixture program's main class; resolves with its stdout, rejects with its stderr. */
export function runJava(mainClass: string, args: string[], opts: { timeoutMs?: number; jvmArgs?: string[] } = {}): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'java',
      [...javaOpens, ...(opts.jvmArgs ?? []), '-cp', javaBuildDir, mainClass, ...args],
      { timeout: opts.timeoutMs ?? 120_000, maxBuffer: 1 << 30, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`java ${mainClass} ${args.join(' ')} failed: ${err.message}\n${stderr}`));
        else resolvePromise(stdout);
      },
    );
  });
}

/** One JSON value per line. */
export function readJsonLines(path: string): unknown[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as unknown);
}

/** A line of `JdkDump --offsets`. */
export interface JdkValueAt {
  offset: number;
  /** TC_RESET bytes directly before the value. */
  resetsBefore: number;
  value: unknown;
}

export function readJdkOffsets(path: string): JdkValueAt[] {
  return readJsonLines(path) as JdkValueAt[];
}

export function resolveFromRoot(...parts: string[]): string {
  return resolve(repoRoot, ...parts);
}

// ---- comparing the JDK's JSON with the parser's ----

/** Kinds whose element order the JDK does not keep on reading: compared sorted by JSON text. */
const unorderedTypes = new Set(['java.util.HashSet', 'java.util.HashMap', 'java.util.Hashtable']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** JSON text with object keys sorted, for order-insensitive comparison and sorting. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  if (typeof v === 'number' && Object.is(v, -0)) return '-0';
  return JSON.stringify(v);
}

/**
 * Both sides brought to one form (docs/javaser-json.md): HashSet/HashMap/Hashtable elements sorted by
 * JSON text, an empty "$annotations" dropped. (Proxy classes: JdkDump prints "$Proxy[interfaces]" as
 * the parser does, since the stream does not carry the JVM-made name.)
 */
export function normaliseJson(v: unknown): Json {
  if (Array.isArray(v)) return v.map(normaliseJson);
  if (v === null || typeof v !== 'object') return v as Json;
  const o = v as Record<string, unknown>;
  const out: Record<string, Json> = {};
  for (const [k, x] of Object.entries(o)) out[k] = normaliseJson(x);
  const ann = out.$annotations;
  if (ann !== null && typeof ann === 'object' && !Array.isArray(ann) && Object.keys(ann).length === 0) delete out.$annotations;
  if (typeof out.$type === 'string' && unorderedTypes.has(out.$type)) {
    for (const key of ['$set', '$map']) {
      const items = out[key];
      if (Array.isArray(items)) out[key] = [...items].sort((a, b) => cmp(canonicalJson(a), canonicalJson(b)));
    }
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isUnresolvedMarker(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && ('$unresolved' in v || '$unreadable' in v);
}

function short(v: unknown): string {
  const t = canonicalJson(v);
  return t.length > 300 ? `${t.slice(0, 300)}... (${t.length} chars)` : t;
}

/**
 * Where two normalised values first differ ("$.a[3].name: parser X, JDK Y"), or null when equal.
 * With `allowUnresolved`, a parser value {"$unresolved"}/{"$unreadable"} matches anything.
 */
export function firstDifference(parser: unknown, jdk: unknown, allowUnresolved = false, path = '$'): string | null {
  if (allowUnresolved && isUnresolvedMarker(parser)) return null;
  if (typeof parser === 'number' && typeof jdk === 'number') {
    return Object.is(parser, jdk) ? null : `${path}: parser ${short(parser)}, JDK ${short(jdk)}`;
  }
  if (Array.isArray(parser) && Array.isArray(jdk)) {
    if (parser.length !== jdk.length) return `${path}: parser has ${parser.length} elements, JDK ${jdk.length}: parser ${short(parser)}, JDK ${short(jdk)}`;
    for (let i = 0; i < jdk.length; i++) {
      const d = firstDifference(parser[i], jdk[i], allowUnresolved, `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (parser !== null && jdk !== null && typeof parser === 'object' && typeof jdk === 'object' && !Array.isArray(parser) && !Array.isArray(jdk)) {
    const p = parser as Record<string, unknown>;
    const j = jdk as Record<string, unknown>;
    const keys = new Set([...Object.keys(p), ...Object.keys(j)]);
    for (const k of keys) {
      if (!(k in p)) return `${path}: parser lacks key ${JSON.stringify(k)} (JDK ${short(j[k])}); parser ${short(p)}`;
      if (!(k in j)) return `${path}: parser has extra key ${JSON.stringify(k)} = ${short(p[k])}; JDK ${short(j)}`;
      const d = firstDifference(p[k], j[k], allowUnresolved, `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return parser === jdk ? null : `${path}: parser ${short(parser)}, JDK ${short(jdk)}`;
}

/** Every value inside a JSON value (itself included): what a parser that joined mid-object may yield. */
export function subValues(v: unknown, out: unknown[] = []): unknown[] {
  out.push(v);
  if (Array.isArray(v)) for (const x of v) subValues(x, out);
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) subValues(x, out);
  return out;
}
