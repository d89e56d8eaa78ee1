// Builds the overlay: esbuild bundles and minifies web/src/main.ts (with msgpackr's decoder and the
// shared wire/results code) and web/styles/app.css into content-hashed files, writes index.html
// pointing at them, and a .gz next to each file for the server to send as is.
//   node web/build.mjs [--outdir DIR]     (default dist/web)
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(webDir, '..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--outdir');
const outdir = resolve(repo, outIndex >= 0 && args[outIndex + 1] ? args[outIndex + 1] : 'dist/web');

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const result = await build({
  absWorkingDir: repo,
  entryPoints: { app: 'web/src/main.ts', styles: 'web/styles/app.css' },
  outdir,
  entryNames: '[name]-[hash]',
  assetNames: 'assets/[name]-[hash]',
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome100', 'firefox100', 'safari15'],
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  tsconfig: 'web/tsconfig.json',
});

const outputs = Object.entries(result.metafile.outputs);
const entryFile = (entry) => {
  const found = outputs.find(([, o]) => o.entryPoint === entry);
  if (!found) throw new Error(`no output for ${entry}`);
  return '/' + relative(outdir, resolve(repo, found[0])).split('\\').join('/');
};
const html = readFileSync(join(webDir, 'index.html'), 'utf8')
  .replace('%SCRIPT%', entryFile('web/src/main.ts'))
  .replace('%STYLES%', entryFile('web/styles/app.css'));
writeFileSync(join(outdir, 'index.html'), html);

// Precompressed copies, only where gzip actually helps.
const sizes = [];
const walk = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
for (const file of walk(outdir)) {
  if (!/\.(js|css|html|svg|json|txt|woff)$/.test(file)) continue;
  const raw = readFileSync(file);
  const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
  if (gz.length < raw.length) writeFileSync(`${file}.gz`, gz);
  sizes.push({ file: basename(file), raw: raw.length, gzip: gz.length });
}
if (!args.includes('--quiet')) {
  for (const s of sizes) process.stdout.write(`${s.file.padEnd(28)} ${String(s.raw).padStart(8)} B  gzip ${String(s.gzip).padStart(7)} B\n`);
  process.stdout.write(`racewire web build: ${relative(repo, outdir) || '.'}\n`);
}
