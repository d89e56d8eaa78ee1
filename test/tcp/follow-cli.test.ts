// `racewire follow` end to end (built CLI): files equal tshark's follow output, JSON lists flows and
// gaps, bad input gives clear errors, a truncated capture still yields what was read.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { tsharkFollow } from './support/tshark-follow.js';

const fixtures = fileURLToPath(new URL('../../fixtures/pcap/', import.meta.url));
const peer = fileURLToPath(new URL('../../../shared/peer-captures/suricata-verify/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'rwtcp-follow-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Flow {
  stream: string;
  file: string;
  bytes: number;
  gaps: Array<{ offset: number; length: number; reason: string }>;
  close: string;
  loss: { conflictingOverlaps: number };
}

describe('racewire follow', () => {
  it('writes every direction of a capture with drops exactly as tshark follows it', async () => {
    const out = join(tmp, 'drops');
    const r = await runCli(['follow', `${fixtures}netns-drops-server.pcap`, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { flows: Flow[]; capture: { packets: number } };
    expect(doc.flows).toHaveLength(2);
    expect(doc.capture.packets).toBeGreaterThan(100);
    const truth = tsharkFollow(`${fixtures}netns-drops-server.pcap`);
    for (const f of doc.flows) {
      const bytes = readFileSync(join(out, f.file));
      expect(f.file).toMatch(/^10\.231\.\d\.\d+\.\d+-10\.231\.\d\.\d+\.\d+\.bin$/);
      expect(bytes.length).toBe(f.bytes);
      expect(Buffer.compare(bytes, truth.get(f.stream)!.bytes)).toBe(0);
      expect(f.gaps).toEqual([]);
      expect(f.close).toBe('fin');
    }
  });

  it('lists gaps with offset, length and reason', async () => {
    const out = join(tmp, 'gap');
    const r = await runCli(['follow', `${peer}tcp-simple-gap2.pcap`, '--out', out]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { flows: Flow[] };
    const f = doc.flows.find((x) => x.stream === '1.1.1.1:12345->2.2.2.2:8080')!;
    expect(readFileSync(join(out, '1.1.1.1.12345-2.2.2.2.8080.bin'), 'latin1')).toBe('VERYDATA');
    expect(f.gaps).toEqual([{ offset: 4, length: 4, reason: expect.any(String) }]);
  });

  it('names IPv6 files with "_" for ":"', async () => {
    const out = join(tmp, 'v6');
    const r = await runCli(['follow', `${fixtures}loopback-ipv6.pcapng`, '--out', out]);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, '__1.40002-__1.5602.bin'))).toBe(true);
  });

  it('still writes what it read from a truncated capture and reports the offset (exit 2)', async () => {
    const whole = readFileSync(`${fixtures}netns-clean.pcap`);
    const cut = join(tmp, 'cut.pcap');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const out = join(tmp, 'cutout');
    const r = await runCli(['follow', cut, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/truncated: the record at byte \d+/);
    const doc = JSON.parse(r.stdout) as { flows: Flow[]; capture: { truncated: { offset: number } } };
    expect(doc.capture.truncated.offset).toBeGreaterThan(0);
    const c2s = doc.flows.find((f) => f.stream.startsWith('10.231.0.1'))!;
    expect(c2s.bytes).toBeGreaterThan(10_000);
    expect(readFileSync(join(out, c2s.file)).length).toBe(c2s.bytes);
  });

  it('says clearly when the file is missing or not a capture', async () => {
    const missing = await runCli(['follow', join(tmp, 'nope.pcap'), '--out', join(tmp, 'x')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.pcap: no such file/);
    const text = join(tmp, 'text.pcap');
    writeFileSync(text, 'this is not a capture file at all\n');
    const notCap = await runCli(['follow', text, '--out', join(tmp, 'y')]);
    expect(notCap.code).toBe(1);
    expect(notCap.stderr).toMatch(/not a pcap or pcapng capture file/);
    expect(notCap.stderr).not.toMatch(/\n\s+at /);
  });
});
