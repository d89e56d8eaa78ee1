// The simulator's writer against the JDK: byte-identical to ObjectOutputStream for the same calls,
// and read back by ObjectInputStream to the same values and the same shared instances.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JavaInteger, JavaSharedString, JavaStringArray, type JavaWritable } from '../../src/sim/java-values.js';
import { JavaStreamWriter } from '../../src/sim/java-writer.js';
import { jdkRead, runJava } from './support/sim-java.js';
import { expectedJdkReading, simOpsScript, writeWithOurs, type WriterStep } from './support/writer-script.js';

const work = mkdtempSync(join(tmpdir(), 'racewire-sim-writer-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const w = (value: JavaWritable): WriterStep => ({ op: 'write', value });

async function checkAgainstJdk(name: string, steps: WriterStep[]): Promise<void> {
  const ours = writeWithOurs(steps);
  const jdk = await runJava('SimOps', [], simOpsScript(steps));
  expect(ours.toString('hex')).toBe(jdk.toString('hex'));
  const file = join(work, `${name}.bin`);
  writeFileSync(file, ours);
  expect(await jdkRead(file, { ids: true })).toEqual(expectedJdkReading(steps));
}

describe('JavaStreamWriter', () => {
  it('writes the stream header and a string as in the Winlaufen sample (52 C3 84 54 5A = "RÄTZ")', () => {
    const writer = new JavaStreamWriter();
    writer.writeObject('RÄTZ');
    expect(writer.flush().toString('hex')).toBe('aced0005' + '740005' + '52c384545a');
  });

  it('is byte-identical to the JDK: umlauts, NUL, supplementary and lone surrogates, empty string', async () => {
    await checkAgainstJdk('strings', [
      w('RÄTZ Sigishelm'),
      w('Straße ÖÜÄöüäß'),
      w('a\u0000b'),
      w('\u0000'),
      w(''),
      w('Läufer 🏃 𝄞'),
      w('lone \ud800 and \udfff'),
      w('\u07ff\u0800\uffff\u0080\u007f'),
    ]);
  });

  it('shares instances: back-references for repeated strings, Integers and arrays, fresh strings never', async () => {
    const club = new JavaSharedString('SC Rammingen');
    const age = new JavaSharedString('M45');
    const int18 = new JavaInteger(18);
    const row = new JavaStringArray(['1', '67', 'LOGES Margit', club, age, '4:30:15.9', '0:00:00.0']);
    await checkAgainstJdk('shared', [
      w(club),
      w(club),
      w('SC Rammingen'),
      w('SC Rammingen'),
      w(int18),
      w(new JavaInteger(18)),
      w(int18),
      w(row),
      w(new JavaStringArray(['2', '68', null, club, age, null, ''])),
      w(row),
      w(null),
      w(new JavaInteger(-2147483648)),
      w(new JavaInteger(2147483647)),
      w(new JavaStringArray([])),
    ]);
  });

  it('reset() clears the handles on both sides, also in the middle of reused instances', async () => {
    const club = new JavaSharedString('TSV Überlingen');
    const int0 = new JavaInteger(0);
    await checkAgainstJdk('reset', [
      w(club),
      w(int0),
      w(new JavaStringArray([club, club])),
      { op: 'reset' },
      w(club),
      w(int0),
      w(new JavaStringArray([club, null])),
      { op: 'reset' },
      { op: 'reset' },
      w(int0),
      w(club),
    ]);
  });

  it('writes block data (short, long, across 1024-byte blocks, cut by flush) like the JDK', async () => {
    const big = Uint8Array.from({ length: 2500 }, (_, i) => (i * 7) & 0xff);
    await checkAgainstJdk('blocks', [
      { op: 'bytes', data: Uint8Array.from([1, 2, 3]) },
      w('x'),
      { op: 'bytes', data: Uint8Array.from({ length: 300 }, (_, i) => i & 0xff) },
      { op: 'flush' },
      { op: 'bytes', data: Uint8Array.from([9]) },
      { op: 'reset' },
      { op: 'bytes', data: big },
      w(new JavaInteger(7)),
      { op: 'bytes', data: Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) },
    ]);
  });

  it('switches to TC_LONGSTRING past 65535 UTF bytes, like the JDK', async () => {
    const long = 'ä'.repeat(40000); // 80000 bytes in modified UTF-8
    const edge = 'x'.repeat(65535);
    await checkAgainstJdk('long', [w(long), w(edge), w(edge + 'y'), w('\u0000'.repeat(32768))]);
    const writer = new JavaStreamWriter();
    writer.writeObject(long);
    expect(writer.flush().subarray(4, 13).toString('hex')).toBe('7c' + (80000).toString(16).padStart(16, '0'));
  });

  it('hands out the bytes in chunks that add up to one stream', () => {
    const writer = new JavaStreamWriter();
    const club = new JavaSharedString('Rammingen');
    writer.writeObject(club);
    const a = writer.flush();
    writer.writeObject(club);
    const b = writer.flush();
    expect(a.toString('hex')).toBe('aced0005' + '740009' + Buffer.from('Rammingen').toString('hex'));
    expect(b.toString('hex')).toBe('71007e0000');
    expect(writer.flush().length).toBe(0);
  });
});
