import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchStartList, type StartListWatcher } from '../../src/winlaufen/startlist/watch-startlist.js';
import type { StartList } from '../../src/winlaufen/startlist/types.js';

/** Waits (bounded) until `predicate` holds. */
async function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('watchStartList', () => {
  let dir = '';
  let watcher: StartListWatcher | undefined;
  afterEach(() => {
    watcher?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads, reloads on change, and keeps the previous list when the new file is broken', async () => {
    dir = mkdtempSync(join(tmpdir(), 'winlaufen-watch-'));
    const path = join(dir, 'Startlist.csv');
    writeFileSync(path, 'Stnr;Name;Vorname\n1;Alt;Anna\n');
    const loads: StartList[] = [];
    const errors: Error[] = [];
    watcher = watchStartList(path, { onLoad: (l) => loads.push(l), onError: (e) => errors.push(e), pollIntervalMs: 30, debounceMs: 30 });
    expect(loads).toHaveLength(1);
    expect(watcher.current()!.entries.get(1)!.name).toBe('ALT Anna');

    writeFileSync(path, 'Stnr;Name;Vorname\n1;Neu;Anna\n2;Zwei;Zora\n');
    await until(() => loads.length === 2, 'the reload');
    expect(watcher.current()!.entries.get(2)!.name).toBe('ZWEI Zora');

    writeFileSync(path, 'Name;Vorname\nkaputt;ohne Nummer\n');
    await until(() => errors.length === 1, 'the error report');
    expect(errors[0]!.message).toMatch(/no bib column/);
    expect(watcher.current()!.entries.get(2)!.name).toBe('ZWEI Zora');
    expect(loads).toHaveLength(2);
  });

  it('a missing file is reported, not thrown', () => {
    dir = mkdtempSync(join(tmpdir(), 'winlaufen-watch-'));
    const errors: Error[] = [];
    watcher = watchStartList(join(dir, 'nope.csv'), { onLoad: () => undefined, onError: (e) => errors.push(e), pollIntervalMs: 30 });
    expect(errors[0]!.message).toMatch(/cannot read .*nope\.csv/);
    expect(watcher.current()).toBeNull();
  });
});
