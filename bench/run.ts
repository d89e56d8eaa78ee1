// `npm run bench [-- NAME...]`: runs every bench/*.bench.ts suite (or those named) and prints one table.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import type { BenchRow, BenchSuite } from './suite.js';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

if (files.length === 0) {
  console.error(`no bench suites${wanted.length ? ` matching ${wanted.join(', ')}` : ''} in ${here}`);
  process.exit(1);
}

const results: Array<{ suite: string; row: BenchRow }> = [];
let failed = 0;
for (const file of files) {
  const suite = (await import(pathToFileURL(join(here, file)).href)).default as BenchSuite;
  const started = Date.now();
  process.stderr.write(`[bench] ${suite.name}: starting\n`);
  try {
    const rows = await suite.run((m) => process.stderr.write(`[bench] ${suite.name}: ${m}\n`));
    for (const row of rows) results.push({ suite: suite.name, row });
    process.stderr.write(`[bench] ${suite.name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } catch (err) {
    failed++;
    process.stderr.write(`[bench] ${suite.name}: FAILED: ${(err as Error).stack ?? err}\n`);
  }
}

console.log(formatTable(results));
if (failed) process.exitCode = 1;

function formatFigure(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 100) return Math.round(v).toLocaleString('en-US');
  if (abs >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

function formatTable(rows: Array<{ suite: string; row: BenchRow }>): string {
  const header = ['suite', 'case', 'figure', 'unit', 'vs', 'ratio', 'note'];
  const body = rows.map(({ suite, row }) => [
    suite,
    row.case,
    formatFigure(row.value),
    row.unit,
    row.peer ?? '',
    row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}x`,
    row.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
