// The modules the overlay bundles must build for the browser: esbuild with platform "browser"
// fails on any Node built-in they (or their imports) pull in.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const BROWSER_MODULES = [
  'src/wire/decode.ts',
  'src/wire/validate.ts',
  'src/wire/messages.ts',
  'src/wire/msgpack-structures.ts',
  'src/results/results-view.ts',
  'src/results/filter.ts',
  'src/results/order.ts',
  'src/results/types.ts',
];

describe('browser-importable modules', () => {
  it.each(BROWSER_MODULES)('%s bundles for the browser without Node APIs', async (entry) => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      logLevel: 'silent',
      absWorkingDir: new URL('../..', import.meta.url).pathname,
    });
    expect(result.errors).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/from\s*["']node:|require\(["'](node:|fs|path|crypto)["']\)/);
  });
});
