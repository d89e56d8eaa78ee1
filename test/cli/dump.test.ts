// `racewire dump`: human structure, JSON values, speed figures and clean errors.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { SC_SERIALIZABLE, StreamBuilder, integerDesc, stringArrayDesc } from '../javaser/stream-builder.js';

const fragment = fileURLToPath(new URL('../../../shared/samples/winlaufen-fragment.bin', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'racewire-dump-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const stream = file(
  'rows.ser',
  new StreamBuilder()
    .header()
    .object(integerDesc, (b) => void b.i32(18))
    .array(stringArrayDesc, 3, (b) => void b.str('1').str('Club').str('RÄTZ'))
    .array((b) => void b.ref(3), 3, (b) => void b.str('2').ref(6).ref(7))
    .reset()
    .object((b) => void b.classDesc('p.Thing', SC_SERIALIZABLE, [{ code: 'J', name: 'n' }]), (b) => void b.i64(2n ** 60n))
    .build(),
);

const noStackTrace = (s: string) => expect(s).not.toMatch(/\n\s+at /);

describe('racewire dump', () => {
  it('prints the structure for a person: offsets, type codes, handles, class names, indentation', async () => {
    const r = await runCli(['dump', stream]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('00000000  stream header AC ED 00 05');
    expect(lines).toContain('00000004  TC_OBJECT');
    expect(r.stdout).toMatch(/\n00000005 {4}TC_CLASSDESC\n/);
    expect(r.stdout).toContain('class java.lang.Integer flags 0x02 [SERIALIZABLE] fields 1 handle 0x7e0000');
    expect(r.stdout).toContain('java.lang.Integer 18 handle 0x7e0002');
    expect(r.stdout).toMatch(/TC_STRING "RÄTZ" handle 0x7e0007/);
    expect(r.stdout).toMatch(/\n0000009f {4}TC_REFERENCE 0x7e0007 -> "RÄTZ"\n/);
    expect(r.stdout).toMatch(/\n00000096 {4}TC_STRING "2" handle 0x7e0009\n/);
    expect(r.stdout).toContain('TC_RESET');
    expect(r.stdout).toMatch(/-- 4 top-level values, \d+ bytes/);
  });

  it('--json prints one line per top-level value (docs/javaser-json.md)', async () => {
    const r = await runCli(['dump', '--json', stream]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      18,
      ['1', 'Club', 'RÄTZ'],
      ['2', 'Club', 'RÄTZ'],
      { $class: 'p.Thing', n: { $long: '1152921504606846976' } },
    ]);
  });

  it('--json reads a headerless file mid-stream by itself (the real sample)', async () => {
    const r = await runCli(['dump', '--json', fragment]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(13);
    expect(lines[0]).toEqual({ $unresolved: 0x7e001f });
    expect(lines[7]).toEqual(['4', '70', 'RÄTZ Sigishelm', { $unresolved: 0x7e01f6 }, { $unresolved: 0x7e0029 }, '4:39:36.4', '0:09:20.5']);
    expect(lines[9][3]).toBe('Rammingen');
  });

  it('--stats prints bytes, values, seconds and MB/s, whole and in chunks', async () => {
    for (const args of [[], ['--chunk', '1460'], ['--chunk', '1']]) {
      const r = await runCli(['dump', '--stats', ...args, stream]);
      expect(r.code).toBe(0);
      const s = JSON.parse(r.stdout);
      expect(Object.keys(s)).toEqual(['bytes', 'values', 'seconds', 'mbPerSec']);
      expect(s.values).toBe(4);
      expect(s.bytes).toBeGreaterThan(100);
      expect(s.seconds).toBeGreaterThanOrEqual(0);
    }
  });

  it('rejects a bad --chunk', async () => {
    const r = await runCli(['dump', '--stats', '--chunk', '0', stream]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/positive integer/);
  });

  it('a missing or unreadable file: clear message, non-zero exit, no stack trace', async () => {
    const missing = await runCli(['dump', join(dir, 'nope.ser')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.ser: no such file/);
    noStackTrace(missing.stderr);
    const isDir = await runCli(['dump', '--json', dir]);
    expect(isDir.code).toBe(1);
    expect(isDir.stderr).toMatch(/not a regular file/);
    if (process.getuid?.() !== 0) {
      const locked = file('locked.ser', Buffer.from([0xac, 0xed, 0, 5]));
      chmodSync(locked, 0);
      const r = await runCli(['dump', locked]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/permission denied|cannot open/);
    }
  });

  it('a corrupt stream: what and where on stderr, non-zero exit, the good values still printed', async () => {
    const bad = file('bad.ser', new StreamBuilder().header().str('ok').raw(0x00, 0x13).str('later').build());
    for (const mode of [[], ['--json'], ['--stats']]) {
      const r = await runCli(['dump', ...mode, bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/BAD_TYPE_CODE: invalid type code 0x00 at byte offset 9/);
      expect(r.stderr).toMatch(/corrupt stream \(1 problem, first at byte offset 9\)/);
      noStackTrace(r.stderr);
      if (mode[0] === '--json') expect(r.stdout.trim().split('\n')).toEqual(['"ok"', '"later"']);
    }
    const truncated = file('truncated.ser', new StreamBuilder().header().str('abcdef').build().subarray(0, 9));
    const t = await runCli(['dump', '--json', truncated]);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/TRUNCATED: the stream ended inside a value at byte offset 4/);
  });

  it('has its own --help', async () => {
    const r = await runCli(['dump', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: racewire dump');
    expect(r.stdout).toContain('--json');
    expect(r.stdout).toContain('--stats');
    expect(r.stdout).toContain('--chunk');
  });
});
