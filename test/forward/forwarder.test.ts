// Forward mode: the capture side's hub -> Forwarder -> a real `racewire serve` child process.
// The relay is killed (-9) mid-race and comes back on the same port and database; the capture side
// restarts too (a new hub on the same local log). In the end the relay holds exactly the capture
// side's results: nothing lost, and no finisher doubled.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_FORWARDER_OPTIONS, Forwarder } from '../../src/forward/forwarder.js';
import { JavaStreamParser } from '../../src/javaser/index.js';
import { toResultsDocument, type Delta, type Snapshot } from '../../src/results/index.js';
import { ResultsStore } from '../../src/results/persistence/results-store.js';
import { ResultsHub } from '../../src/server/index.js';
import { simulateRace } from '../../src/sim/simulated-race.js';
import { RowExtractor, type ListUpdate } from '../../src/winlaufen/index.js';
import { eventually } from '../server/support/eventually.js';
import { startServeProcess, type ServeProcess } from '../server/support/serve-process.js';
import { tempDir } from '../server/support/test-server.js';
import { TestClient } from '../server/support/ws-client.js';
import { freePort } from '../support/free-port.js';

const TOKEN = 'forward-test-token-42';


/** The list updates of a simulated race, as the pipeline reads them from its JDK-readable stream. */
function raceUpdates(): ListUpdate[] {
  const parser = new JavaStreamParser();
  const rows = new RowExtractor();
  const out: ListUpdate[] = [];
  for (const e of [...parser.feed(simulateRace({ seed: 7, competitions: 2, runnersPerCompetition: 40 }).streamBytes()), ...parser.end()]) out.push(...rows.push(e));
  out.push(...rows.flush());
  return out.filter((u) => u.competition !== null);
}

const openHub = (path: string) => new ResultsHub({ store: ResultsStore.open<Snapshot, Delta>(path) });

async function relayResults(port: number): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}/api/results`);
  return res.json();
}

async function relayFinishers(port: number): Promise<Array<{ competition: string; bib: number }>> {
  const client = await TestClient.connect(`ws://127.0.0.1:${port}/live?encoding=json`);
  try {
    const snapshot = await eventually(() => client.received.find((r) => r.value.type === 'snapshot')!.value, 5000);
    return (snapshot as unknown as Snapshot).finishers;
  } finally {
    client.ws.close();
  }
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('Forwarder to a relay that goes away', () => {
  it('loses nothing and doubles nothing across a relay crash and a capture-side restart', async () => {
    const { dir, cleanup } = tempDir('racewire-forward-');
    cleanups.push(cleanup);
    const port = await freePort();
    const serveArgs = ['--host', '127.0.0.1', '--port', String(port), '--token', TOKEN, '--db', join(dir, 'relay.db')];
    let relay: ServeProcess = await startServeProcess(serveArgs);
    cleanups.push(() => void relay.child.kill('SIGKILL'));

    const updates = raceUpdates();
    expect(updates.length).toBeGreaterThan(60);
    const logs: string[] = [];
    const options = { ...DEFAULT_FORWARDER_OPTIONS, url: `ws://127.0.0.1:${port}/ingest`, token: TOKEN, minBackoffMs: 50, maxBackoffMs: 300, log: (m: string) => logs.push(m) };

    let hub = openHub(join(dir, 'capture.db'));
    let forwarder = new Forwarder(hub, options);
    forwarder.start();
    const third = Math.floor(updates.length / 3);
    for (const u of updates.slice(0, third)) hub.applyListUpdate(u);
    await forwarder.whenIdle();

    // The relay dies mid-race; the capture side goes on, its deltas wait in the local log.
    relay.child.kill('SIGKILL');
    await relay.exited;
    for (const u of updates.slice(third, 2 * third)) hub.applyListUpdate(u);
    await eventually(() => expect(forwarder.status().connected).toBe(false), 5000);

    relay = await startServeProcess(serveArgs);
    await forwarder.whenIdle();
    expect(forwarder.status().reconnects).toBeGreaterThan(0);

    // The capture PC restarts: a new hub on the same local log, a new forwarder.
    forwarder.close();
    hub.close();
    hub = openHub(join(dir, 'capture.db'));
    forwarder = new Forwarder(hub, options);
    forwarder.start();
    cleanups.push(() => {
      forwarder.close();
      hub.close();
    });
    for (const u of updates.slice(2 * third)) hub.applyListUpdate(u);
    await forwarder.whenIdle();

    expect(await relayResults(port)).toEqual(toResultsDocument(hub.snapshot()));
    const finishers = await relayFinishers(port);
    const keys = finishers.map((f) => `${f.competition}/${f.bib}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(hub.snapshot().finishers.map((f) => `${f.competition}/${f.bib}`));
    expect(logs.join('\n')).toMatch(/reconnecting/);
  }, 60_000);

  it('says clearly when the relay refuses the token', async () => {
    const { dir, cleanup } = tempDir('racewire-forward-');
    cleanups.push(cleanup);
    const relay = await startServeProcess(['--host', '127.0.0.1', '--port', '0', '--token', TOKEN, '--db', join(dir, 'relay.db')]);
    cleanups.push(() => void relay.child.kill('SIGKILL'));
    const hub = openHub(join(dir, 'capture.db'));
    const logs: string[] = [];
    const forwarder = new Forwarder(hub, { ...DEFAULT_FORWARDER_OPTIONS, url: `ws://127.0.0.1:${relay.port}/ingest`, token: 'wrong', minBackoffMs: 50, maxBackoffMs: 100, log: (m) => logs.push(m) });
    forwarder.start();
    cleanups.push(() => {
      forwarder.close();
      hub.close();
    });
    await eventually(() => expect(logs.join('\n')).toMatch(/refused the connection: HTTP 401 \(check --token\)/), 5000);
  });
});
