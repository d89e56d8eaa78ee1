// Lines for a person about what a capture lacked: per stream with gaps, where and why bytes are
// missing; and what the decoder could not use (fragments, cut headers, unknown link types).
import type { DecodeStats } from '../capture/index.js';
import type { StreamLoss } from '../tcp/index.js';

export function lossLines(losses: readonly StreamLoss[], decode: DecodeStats): string[] {
  const lines: string[] = [];
  for (const loss of losses) {
    if (loss.gapCount === 0 && loss.conflictingOverlaps === 0) continue;
    const shown = loss.gaps.map((g) => `${g.length} at ${g.offset} (${g.reason})`).join(', ');
    const more = loss.gapCount > loss.gaps.length ? `, and ${loss.gapCount - loss.gaps.length} more` : '';
    const conflicts = loss.conflictingOverlaps ? `; ${loss.conflictingOverlaps} conflicting overlaps (${loss.conflictingBytes} bytes, first copy kept)` : '';
    lines.push(`stream ${loss.stream}: ${loss.gapBytes} bytes missing in ${loss.gapCount} gaps: ${shown}${more}${conflicts}`);
  }
  const unusable: string[] = [];
  if (decode.ipv4Fragments + decode.ipv6Fragments) unusable.push(`${decode.ipv4Fragments + decode.ipv6Fragments} IP fragments (not reassembled)`);
  if (decode.truncatedHeaders) unusable.push(`${decode.truncatedHeaders} packets cut inside their headers`);
  if (decode.malformed) unusable.push(`${decode.malformed} malformed packets`);
  if (decode.unsupportedLinkType) unusable.push(`${decode.unsupportedLinkType} packets of unsupported link types ${decode.unsupportedLinkTypes.join(', ')}`);
  if (unusable.length) lines.push(`not decoded: ${unusable.join(', ')}`);
  return lines;
}
