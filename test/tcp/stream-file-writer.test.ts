// File names of `racewire follow` and the writer's bookkeeping.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TcpReassembler } from '../../src/tcp/index.js';
import { StreamFileWriter, flowFileName } from '../../src/tcp/stream-file-writer.js';
import { Conv, TCP_ACK as A, TCP_FIN as F, TCP_SYN as S } from './support/segments.js';

const tmp = mkdtempSync(join(tmpdir(), 'rwtcp-writer-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('StreamFileWriter', () => {
  it('names files <srcip>.<srcport>-<dstip>.<dstport>.bin, IPv6 ":" as "_", reuse as ~n', () => {
    expect(flowFileName({ srcIp: '10.0.0.1', srcPort: 5, dstIp: '10.0.0.2', dstPort: 80 }, 0)).toBe('10.0.0.1.5-10.0.0.2.80.bin');
    expect(flowFileName({ srcIp: '::1', srcPort: 5, dstIp: 'fe80::2', dstPort: 80 }, 2)).toBe('__1.5-fe80__2.80~2.bin');
  });

  it('writes a reused 4-tuple to a second file and counts bytes and gaps', () => {
    const c = new Conv()
      .seg('c', 0, 0, S)
      .seg('s', 50, 1, S | A)
      .seg('c', 1, 51, A, 'one')
      .seg('c', 4, 51, F | A)
      .seg('s', 51, 5, F | A)
      .seg('c', 5, 52, A)
      .seg('c', 1000, 0, S)
      .seg('s', 70, 1001, S | A)
      .seg('c', 1001, 71, A, 'two')
      .seg('c', 1008, 71, A, 'late');
    const out = join(tmp, 'reuse');
    const w = new StreamFileWriter(out);
    const r = new TcpReassembler(w.onEvent);
    for (const s of c.segs) r.push(s);
    r.flush();
    w.finish();
    expect(readdirSync(out).sort()).toEqual([
      '10.0.0.1.40000-10.0.0.2.8080.bin',
      '10.0.0.1.40000-10.0.0.2.8080~1.bin',
      '10.0.0.2.8080-10.0.0.1.40000.bin',
      '10.0.0.2.8080-10.0.0.1.40000~1.bin',
    ]);
    expect(readFileSync(join(out, '10.0.0.1.40000-10.0.0.2.8080.bin'), 'latin1')).toBe('one');
    expect(readFileSync(join(out, '10.0.0.1.40000-10.0.0.2.8080~1.bin'), 'latin1')).toBe('twolate');
    const second = w.flows.find((f) => f.file === '10.0.0.1.40000-10.0.0.2.8080~1.bin')!;
    expect(second).toMatchObject({ bytes: 7, endOffset: 11, close: 'eof', gaps: [{ offset: 3, length: 4, reason: 'eof' }] });
  });
});
