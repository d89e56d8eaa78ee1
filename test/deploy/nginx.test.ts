// The shipped nginx site (deploy/nginx/racewire.conf) in front of a real `racewire serve`, on
// loopback with a self-signed certificate: HTTP redirects to HTTPS, the API and the overlay come
// through TLS, and both WebSocket endpoints upgrade through it (a viewer, and an ingest with token).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../server/support/eventually.js';
import { startServeProcess, type ServeProcess } from '../server/support/serve-process.js';
import { tempDir } from '../server/support/test-server.js';
import { freePort } from '../support/free-port.js';

const TOKEN = 'nginx-test-token-77';
const site = readFileSync(new URL('../../deploy/nginx/racewire.conf', import.meta.url), 'utf8');
const senderDocument = readFileSync(new URL('../../../shared/samples/json-sender-example.json', import.meta.url), 'utf8');


function get(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const mod = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    mod
      .get(url, { rejectUnauthorized: false }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

function connect(url: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; messages: string[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { rejectUnauthorized: false, headers });
    const messages: string[] = [];
    ws.on('message', (d: Buffer) => messages.push(d.toString()));
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('error', reject);
  });
}

let dir: { dir: string; cleanup: () => void };
let relay: ServeProcess;
let nginx: ChildProcess;
let httpsPort: number;
let httpPort: number;

beforeAll(async () => {
  dir = tempDir('racewire-nginx-');
  const d = dir.dir;
  const cert = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', join(d, 'key.pem'), '-out', join(d, 'cert.pem')]);
  if (cert.status !== 0) throw new Error(`openssl failed: ${cert.stderr}`);
  relay = await startServeProcess(['--host', '127.0.0.1', '--port', '0', '--token', TOKEN, '--db', join(d, 'relay.db')]);
  httpsPort = await freePort();
  httpPort = await freePort();
  // The shipped site with only what a test on loopback must change: ports, addresses, certificate.
  const testSite = site
    .replace('server 127.0.0.1:8765;', `server 127.0.0.1:${relay.port};`)
    .replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`)
    .replace(/\n\s*listen \[::\]:\d+[^;]*;/g, '')
    .replace('/etc/letsencrypt/live/results.example.org/fullchain.pem', join(d, 'cert.pem'))
    .replace('/etc/letsencrypt/live/results.example.org/privkey.pem', join(d, 'key.pem'));
  const directives = testSite.split('\n').filter((l) => !l.trim().startsWith('#')).join('\n');
  expect(directives).not.toMatch(/8765|letsencrypt|listen 80;|listen 443/);
  writeFileSync(join(d, 'site.conf'), testSite);
  writeFileSync(
    join(d, 'nginx.conf'),
    `pid ${d}/nginx.pid;\nerror_log ${d}/error.log;\nevents {}\nhttp {\n  access_log off;\n` +
      ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${d}/${t};\n`).join('') +
      `  include ${d}/site.conf;\n}\n`,
  );
  const check = spawnSync('nginx', ['-t', '-p', d, '-c', join(d, 'nginx.conf')], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t: ${check.stderr}`);
  nginx = spawn('nginx', ['-p', d, '-c', join(d, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
  await eventually(() => get(`https://127.0.0.1:${httpsPort}/healthz`), 10_000);
}, 60_000);

afterAll(async () => {
  nginx?.kill('SIGTERM');
  relay?.child.kill('SIGKILL');
  await relay?.exited;
  dir?.cleanup();
});

describe('deploy/nginx/racewire.conf in front of racewire serve', () => {
  it('redirects plain HTTP to HTTPS', async () => {
    const r = await get(`http://127.0.0.1:${httpPort}/api/results`);
    expect(r.status).toBe(301);
    expect(r.headers.location).toMatch(/^https:\/\/127\.0\.0\.1\/api\/results$/);
  });

  it('serves the API and the overlay through TLS', async () => {
    expect((await get(`https://127.0.0.1:${httpsPort}/healthz`)).status).toBe(200);
    const index = await get(`https://127.0.0.1:${httpsPort}/`);
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
  });

  it('upgrades /ingest with the token and /live for viewers, end to end through TLS', async () => {
    const viewer = await connect(`wss://127.0.0.1:${httpsPort}/live?encoding=json`);
    const ingest = await connect(`wss://127.0.0.1:${httpsPort}/ingest`, { Authorization: `Bearer ${TOKEN}` });
    ingest.ws.send(senderDocument);
    await eventually(() => expect(ingest.messages.some((m) => /"type":"ack"/.test(m))).toBe(true), 5000);
    await eventually(() => expect(viewer.messages.some((m) => /"type":"delta"/.test(m))).toBe(true), 5000);
    const results = JSON.parse((await get(`https://127.0.0.1:${httpsPort}/api/results`)).body) as { competitions: Array<{ rows: Array<{ bib: number }> }> };
    expect(results.competitions.flatMap((c) => c.rows.map((r) => r.bib)).sort()).toEqual([14, 15, 16, 17, 18]);
    viewer.ws.close();
    ingest.ws.close();
  });

  it('refuses /ingest without the token through nginx too', async () => {
    await expect(connect(`wss://127.0.0.1:${httpsPort}/ingest`)).rejects.toThrow(/401/);
  });
});
