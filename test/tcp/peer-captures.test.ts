// The four captures from suricata-verify in ../shared/peer-captures (read in place, never copied):
// streams and gaps must be exactly those of its README (first copy wins).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { followFile } from './support/follow-file.js';

const dir = fileURLToPath(new URL('../../../shared/peer-captures/suricata-verify/', import.meta.url));
const C2S = '1.1.1.1:12345->2.2.2.2:8080';

const cases = [
  { file: 'tcp-simple-gap2.pcap', stream: 'VERYDATA', gaps: [{ offset: 4, length: 4 }], conflicts: 0, conflictBytes: 0 },
  { file: 'tcp-leading-gap.pcap', stream: 'GOODDATA', gaps: [{ offset: 0, length: 4 }], conflicts: 0, conflictBytes: 0 },
  { file: 'tcp-overlap.pcap', stream: 'GOOD', gaps: [], conflicts: 1, conflictBytes: 4 },
  { file: 'tcp-overlap2.pcap', stream: 'GOOD', gaps: [], conflicts: 1, conflictBytes: 3 },
];

describe('peer captures (suricata-verify)', () => {
  it('are where CI puts them', () => {
    expect(existsSync(dir), `${dir} must exist (../shared beside the repo)`).toBe(true);
  });
  for (const c of cases) {
    it(`${c.file}: "${c.stream}", ${c.gaps.length} gap(s), ${c.conflicts} conflicting overlap(s)`, async () => {
      const col = await followFile(dir + c.file);
      const s = col.get(C2S);
      expect(s.text).toBe(c.stream);
      expect(s.gaps.map(({ offset, length }) => ({ offset, length }))).toEqual(c.gaps);
      expect(s.close?.loss?.conflictingOverlaps).toBe(c.conflicts);
      expect(s.close?.loss?.conflictingBytes).toBe(c.conflictBytes);
    });
  }
});
