import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RacewireServer } from '../../src/server/index.js';
import { listUpdate } from './support/list-updates.js';
import { httpUrl, startTestServer, tempDir } from './support/test-server.js';

let server: RacewireServer;
let bare: RacewireServer;
const web = tempDir('web');
const APP_JS = 'console.log("overlay");\n'.repeat(50);

/** Raw GET (fetch would undo gzip itself; here the bytes on the wire matter). */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  mkdirSync(join(web.dir, 'assets'));
  writeFileSync(join(web.dir, 'index.html'), '<!doctype html><title>overlay</title><script src="/assets/app-HZPJHB7C.js"></script>');
  writeFileSync(join(web.dir, 'assets', 'app-HZPJHB7C.js'), APP_JS);
  writeFileSync(join(web.dir, 'assets', 'app-HZPJHB7C.js.gz'), gzipSync(APP_JS));
  writeFileSync(join(web.dir, 'assets', 'style.css'), 'body{color:red}');
  writeFileSync(join(web.dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  server = await startTestServer({ webDir: web.dir });
  bare = await startTestServer({ webDir: join(web.dir, 'no-such-dir') });
  server.hub.applyListUpdate(listUpdate('18', [[1, 67, 'RÄTZ, "Sigi"', '4:30:15.9'], [2, 68, '=cmd()', '4:34:51.7']]));
});

afterAll(async () => {
  await server.close();
  await bare.close();
  web.cleanup();
});

describe('static files', () => {
  it('serves index.html at / with no-cache', async () => {
    const r = await rawGet(httpUrl(server, '/'));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.body.toString()).toContain('<title>overlay</title>');
  });

  it('serves hashed assets immutable, gzip when accepted and provided', async () => {
    const plain = await rawGet(httpUrl(server, '/assets/app-HZPJHB7C.js'));
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(APP_JS);
    const gz = await rawGet(httpUrl(server, '/assets/app-HZPJHB7C.js'), { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(gz.body).toString()).toBe(APP_JS);
    const refused = await rawGet(httpUrl(server, '/assets/app-HZPJHB7C.js'), { 'Accept-Encoding': 'gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    // The .gz itself is not a separate URL.
    expect((await rawGet(httpUrl(server, '/assets/app-HZPJHB7C.js.gz'))).status).toBe(404);
  });

  it('gives other files their content type and revalidation, honours If-None-Match, 404s the rest', async () => {
    const css = await rawGet(httpUrl(server, '/assets/style.css'));
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe('no-cache');
    const svg = await rawGet(httpUrl(server, '/favicon.svg'));
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    const again = await rawGet(httpUrl(server, '/favicon.svg'), { 'If-None-Match': String(svg.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.byteLength).toBe(0);
    for (const path of ['/nope.js', '/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/%zz']) {
      expect((await rawGet(httpUrl(server, path))).status).toBe(404);
    }
  });

  it('serves a placeholder index when there is no web build', async () => {
    const r = await rawGet(httpUrl(bare, '/'));
    expect(r.status).toBe(200);
    expect(r.body.toString()).toContain('not built yet');
    expect(bare.site.root).toBeNull();
  });
});

describe('API', () => {
  it('GET /api/results is the results document', async () => {
    const r = await fetch(httpUrl(server, '/api/results'));
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await r.json()).toEqual({ competitions: [{ id: '18', rows: server.hub.snapshot().competitions[0]!.rows }] });
  });

  it('GET /api/results/:id and .csv (quoted, formula-safe); 404 for unknown ids', async () => {
    const one = await fetch(httpUrl(server, '/api/results/18'));
    expect(((await one.json()) as { id: string }).id).toBe('18');
    const bytes = Buffer.from(await (await fetch(httpUrl(server, '/api/results/18.csv'))).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[1]).toBe('1,67,"RÄTZ, ""Sigi""",Verein,M40,4:30:15.9,,,,,');
    expect(lines[2]).toBe("2,68,'=cmd(),Verein,M40,4:34:51.7,,,,,");
    expect((await fetch(httpUrl(server, '/api/results/99'))).status).toBe(404);
    expect((await fetch(httpUrl(server, '/api/results/99.csv'))).status).toBe(404);
  });

  it('GET /healthz', async () => {
    const r = await fetch(httpUrl(server, '/healthz'));
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ok', epoch: server.hub.epoch, seq: server.hub.seq });
  });

  it('GET /metrics lists every named counter in Prometheus text', async () => {
    server.metrics.counter('racewire_test_extra_total', 'A counter another stage adds.').inc(3);
    const r = await fetch(httpUrl(server, '/metrics'));
    expect(r.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await r.text();
    for (const name of [
      'racewire_packets_total',
      'racewire_bytes_total',
      'racewire_gaps_total',
      'racewire_parse_errors_total',
      'racewire_rows',
      'racewire_deltas_total',
      'racewire_clients',
      'racewire_ingest_rejections_total',
      'racewire_worker_restarts_total',
    ]) {
      expect(text).toMatch(new RegExp(`^# TYPE ${name} (counter|gauge)$`, 'm'));
    }
    expect(text).toMatch(/^racewire_rows 2$/m);
    expect(text).toMatch(/^racewire_deltas_total 1$/m);
    expect(text).toMatch(/^racewire_test_extra_total 3$/m);
  });

  it('answers other methods with 405', async () => {
    expect((await fetch(httpUrl(server, '/api/results'), { method: 'POST', body: 'x' })).status).toBe(405);
  });
});
