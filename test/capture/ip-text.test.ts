// RFC 5952 text of IPv6 addresses, checked against the WHATWG URL serializer (which implements the same
// compression rules) for addresses other than IPv4-mapped ones.
import { describe, expect, it } from 'vitest';
import { ipv4Text, ipv6Text } from '../../src/capture/index.js';
import { ip6 } from './support/packet-builder.js';

const samples = [
  '::', '::1', '1::', '2001:db8::1', '2001:db8:0:0:1:0:0:1', '2001:0:0:1:0:0:0:1', '2001:db8:0:1:1:1:1:1',
  'fe80::1:0:0:0', '1:0:1:0:1:0:1:0', '0:0:1:0:0:1:0:0', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '2001:DB8:AB:CD:0:0:0:0',
];

describe('ip text', () => {
  it.each(samples)('%s', (text) => {
    const expected = new URL(`http://[${text}]/`).hostname.slice(1, -1);
    expect(ipv6Text(ip6(text), 0)).toBe(expected);
  });

  it('writes IPv4-mapped addresses with a dotted tail', () => {
    expect(ipv6Text(ip6('::ffff:7f00:1'), 0)).toBe('::ffff:127.0.0.1');
  });

  it('writes dotted IPv4', () => {
    expect(ipv4Text(new Uint8Array([9, 127, 0, 0, 1]), 1)).toBe('127.0.0.1');
  });
});
