// IP addresses as text: dotted-quad IPv4 and RFC 5952 canonical IPv6 (lowercase, no leading zeros,
// the longest run of two or more zero groups as "::", the first one on a tie, IPv4-mapped as ::ffff:a.b.c.d).

export function ipv4Text(b: Uint8Array, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

export function ipv6Text(b: Uint8Array, o: number): string {
  const groups: number[] = new Array(8);
  for (let i = 0; i < 8; i++) groups[i] = (b[o + 2 * i]! << 8) | b[o + 2 * i + 1]!;
  if (groups[0] === 0 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0 && groups[4] === 0 && groups[5] === 0xffff) {
    return `::ffff:${ipv4Text(b, o + 12)}`;
  }
  let bestStart = -1;
  let bestLen = 1; // a single zero group is never shortened (RFC 5952 4.2.2)
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number) => groups.slice(from, to).map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}
