// The overlay's web build, read once into memory at start (it is small and never changes while the
// server runs), with its caching policy: content-hashed assets are immutable, everything else
// (index.html above all) is revalidated, so a new build reaches browsers on their next load.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { contentTypeFor } from './content-types.js';

export interface StaticFile {
  body: Buffer;
  /** The build's precompressed `<file>.gz`, when it ships one. */
  gzip: Buffer | null;
  contentType: string;
  cacheControl: string;
  etag: string;
}

export interface StaticSite {
  /** URL path ("/", "/app-3F2A9C1B.js") -> file. */
  files: Map<string, StaticFile>;
  /** Where it came from, for the startup line; null = the placeholder page. */
  root: string | null;
}

/** Files bigger than this are not served from memory (a web build has no business being that big). */
export const MAX_STATIC_FILE_BYTES = 32 * 1024 * 1024;
const MAX_FILES = 10_000;

/** esbuild's `[name]-[hash]` (8 chars of base32) or a hex content hash of 8+ chars with a digit. */
const HASHED_NAME = /(?:-[A-Z2-7]{8}|[.-](?=[0-9a-f]*\d)[0-9a-f]{8,})\.[A-Za-z0-9]+$/;

export function isHashedAssetName(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return HASHED_NAME.test(base);
}

export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
export const CACHE_REVALIDATE = 'no-cache';

function staticFile(path: string, body: Buffer, gzip: Buffer | null): StaticFile {
  return {
    body,
    gzip,
    contentType: contentTypeFor(path),
    cacheControl: isHashedAssetName(path) ? CACHE_IMMUTABLE : CACHE_REVALIDATE,
    etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`,
  };
}

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>racewire</title></head>
<body><h1>racewire</h1>
<p>The overlay is not built yet (no web build directory). Live results:
<a href="/api/results">/api/results</a>, WebSocket <code>/live</code>.</p></body></html>
`;

export function placeholderSite(): StaticSite {
  return { files: new Map([['/', staticFile('/index.html', Buffer.from(PLACEHOLDER), null)]]), root: null };
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const pending = [root];
  while (pending.length > 0 && out.length < MAX_FILES) {
    const dir = pending.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile()) out.push(full);
    }
  }
  return out;
}

/**
 * Reads the build in `root`. A missing directory (or one without index.html) gives the placeholder
 * index, so `serve` works before the overlay is built.
 */
export function loadStaticSite(root: string | null): StaticSite {
  if (root === null) return placeholderSite();
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) return placeholderSite();
  const paths = listFiles(root);
  const present = new Set(paths);
  const files = new Map<string, StaticFile>();
  for (const full of paths) {
    if (full.endsWith('.gz') && present.has(full.slice(0, -3))) continue; // served with its original
    if (statSync(full).size > MAX_STATIC_FILE_BYTES) continue;
    const urlPath = '/' + relative(root, full).split(sep).join('/');
    const gzPath = `${full}.gz`;
    const gzip = present.has(gzPath) ? readFileSync(gzPath) : null;
    files.set(urlPath, staticFile(urlPath, readFileSync(full), gzip));
  }
  const index = files.get('/index.html');
  if (index) files.set('/', index);
  else files.set('/', placeholderSite().files.get('/')!);
  return { files, root };
}

/** True when an Accept-Encoding header allows gzip (and does not refuse it with q=0). */
export function acceptsGzip(acceptEncoding: string): boolean {
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [coding, ...params] = part.trim().split(';');
    if (coding !== 'gzip' && coding !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q === undefined || Number(q.slice(2)) > 0) return true;
  }
  return false;
}
