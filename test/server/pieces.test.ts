// The server's pure pieces, without sockets.
import { describe, expect, it } from 'vitest';
import { DeltaRing } from '../../src/server/delta-ring.js';
import { MetricsRegistry } from '../../src/server/metrics.js';
import { acceptsGzip, isHashedAssetName } from '../../src/server/static-files.js';
import { presentedToken, tokenCheck } from '../../src/server/token.js';
import { UpstreamPositions } from '../../src/server/upstream-positions.js';
import { subscriptionFromQuery } from '../../src/server/live.js';

describe('MetricsRegistry', () => {
  it('renders counters and gauges with labels in Prometheus text, registered once by name', () => {
    const m = new MetricsRegistry();
    const a = m.counter('x_total', 'X things.');
    expect(m.counter('x_total', 'X things.')).toBeDefined();
    a.inc();
    a.inc(2, { reason: 'a"b\\c' });
    m.gauge('g', 'A gauge.', () => 7);
    expect(m.render()).toBe(
      '# HELP x_total X things.\n# TYPE x_total counter\nx_total 1\nx_total{reason="a\\"b\\\\c"} 2\n# HELP g A gauge.\n# TYPE g gauge\ng 7\n',
    );
    expect(() => a.inc(-1)).toThrow(/cannot decrease/);
    expect(() => m.gauge('x_total', 'clash')).toThrow(/already registered as a counter/);
    expect(() => m.counter('bad name', '')).toThrow(/invalid metric name/);
  });
});

describe('token', () => {
  it('matches only the configured token; nothing matches when none is configured', () => {
    const t = tokenCheck('s3cret');
    expect(t.configured).toBe(true);
    expect(t.matches('s3cret')).toBe(true);
    for (const wrong of ['s3cre', 's3cret ', 'S3CRET', '', null]) expect(t.matches(wrong)).toBe(false);
    const none = tokenCheck(null);
    expect(none.configured).toBe(false);
    expect(none.matches('')).toBe(false);
    expect(tokenCheck('').configured).toBe(false);
  });

  it('takes Bearer from the header before ?token=', () => {
    expect(presentedToken('Bearer abc', 'q')).toBe('abc');
    expect(presentedToken('bearer   abc ', '')).toBe('abc');
    expect(presentedToken('Basic abc', 'q')).toBe('q');
    expect(presentedToken('', '')).toBeNull();
  });
});

describe('static file rules', () => {
  it('tells content-hashed names apart', () => {
    for (const n of ['/assets/app-HZPJHB7C.js', '/app.3f2a9c1b.css', '/chunk-ABCDEFGH.js']) expect(isHashedAssetName(n)).toBe(true);
    for (const n of ['/index.html', '/overlay-renderer.js', '/app.js', '/deadbeef.js', '/abcdefgh.css']) expect(isHashedAssetName(n)).toBe(false);
  });

  it('reads Accept-Encoding', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.8')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('')).toBe(false);
  });
});

describe('DeltaRing', () => {
  it('keeps the last N and answers "after seq" only when it reaches back that far', () => {
    const r = new DeltaRing<string>(3);
    expect(r.after(0)).toBeNull();
    for (let s = 1; s <= 5; s++) r.push(s, `d${s}`);
    expect([r.firstSeq(), r.lastSeq(), r.size]).toEqual([3, 5, 3]);
    expect(r.after(2)?.map((d) => d.seq)).toEqual([3, 4, 5]);
    expect(r.after(4)?.map((d) => d.value)).toEqual(['d5']);
    expect(r.after(5)).toEqual([]);
    expect(r.after(1)).toBeNull();
    expect(() => r.push(5, 'again')).toThrow(/seq 5 after 5/);
  });
});

describe('UpstreamPositions', () => {
  it('applies the next delta, drops resends, reports gaps, survives a JSON round trip', () => {
    const p = new UpstreamPositions();
    expect(p.judgeDelta('e', 1)).toEqual({ kind: 'apply' });
    expect(p.judgeDelta('e', 2)).toEqual({ kind: 'gap', have: null });
    p.set('e', 1);
    expect(p.judgeDelta('e', 1)).toEqual({ kind: 'duplicate', have: 1 });
    expect(p.judgeDelta('e', 3)).toEqual({ kind: 'gap', have: 1 });
    expect(p.judgeDelta('e', 2)).toEqual({ kind: 'apply' });
    const q = UpstreamPositions.fromJson(p.toJson());
    expect(q.get('e')).toBe(1);
    expect(UpstreamPositions.fromJson('not json').get('e')).toBeUndefined();
  });
});

describe('subscription from the URL', () => {
  it('reads competition, encoding and resume; none given means wait for a message', () => {
    const q = (s: string) => {
      const u = new URLSearchParams(s);
      return subscriptionFromQuery((k) => u.get(k) ?? undefined);
    };
    expect(q('')).toBeNull();
    expect(q('encoding=msgpack')).toEqual({ type: 'subscribe', competition: null, encoding: 'msgpack' });
    expect(q('competition=18&epoch=e1&seq=4')).toEqual({ type: 'subscribe', competition: '18', encoding: 'json', resume: { epoch: 'e1', seq: 4 } });
    expect(q('competition=all')).toMatchObject({ competition: null });
    expect(() => q('seq=-1&epoch=e')).toThrow(/resume\.seq/);
    expect(() => q('encoding=xml')).toThrow(/encoding/);
  });
});
