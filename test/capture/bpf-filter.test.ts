import { describe, expect, it } from 'vitest';
import { buildFilter } from '../../src/capture/index.js';

describe('buildFilter', () => {
  it('builds tcp and host and port', () => {
    expect(buildFilter({})).toBe('tcp');
    expect(buildFilter({ host: '10.1.2.3', port: 4711 })).toBe('tcp and host 10.1.2.3 and port 4711');
    expect(buildFilter({ host: 'fe80::1' })).toBe('tcp and host fe80::1');
    expect(buildFilter({ port: 80, filter: 'not src net 10.0.0.0/8' })).toBe('tcp and port 80 and (not src net 10.0.0.0/8)');
    expect(buildFilter({ filter: ' udp or tcp ' })).toBe('udp or tcp');
  });

  it('rejects values that would change the expression', () => {
    expect(() => buildFilter({ host: '1.2.3.4 or port 22' })).toThrow(/neither an IP address nor a host name/);
    expect(() => buildFilter({ port: 0 })).toThrow(/not in 1\.\.65535/);
    expect(() => buildFilter({ port: 1.5 })).toThrow(/not in 1\.\.65535/);
  });
});
