// The HTTP side: the overlay's static files, the results as JSON and CSV, health and metrics.
import { competitionCsv } from './results-csv.js';
import { respond, respondJson, respondText } from './http-response.js';
import type { ResultsSource } from './results-source.js';
import { acceptsGzip, type StaticSite } from './static-files.js';
import type { HttpRequest, HttpResponse, TemplatedApp } from './uws.js';
import { toResultsDocument } from '../results/index.js';

const RESULTS_PREFIX = '/api/results/';

function decodePath(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/**
 * The Prometheus page. A function, not the registry: on a fan-out thread the totals live on the main
 * thread and arrive asynchronously (the route then waits for them, watching for an aborted request).
 */
export type MetricsText = () => string | Promise<string>;

export function registerHttpRoutes(app: TemplatedApp, hub: ResultsSource, metricsText: MetricsText, site: StaticSite, startedAt: number): void {
  // The document is rebuilt only when the state changed.
  let docKey = '';
  let docBody = '';
  const resultsJson = (): string => {
    const key = `${hub.epoch}\u0000${hub.seq}`;
    if (key !== docKey) {
      docBody = JSON.stringify(toResultsDocument(hub.snapshot()));
      docKey = key;
    }
    return docBody;
  };

  const results = (res: HttpResponse, req: HttpRequest): void => {
    respondJson(res, '200 OK', resultsJson(), req.getMethod() === 'head');
  };

  const oneCompetition = (res: HttpResponse, req: HttpRequest): void => {
    const head = req.getMethod() === 'head';
    const raw = req.getUrl().slice(RESULTS_PREFIX.length);
    const csv = raw.endsWith('.csv');
    const id = decodePath(csv ? raw.slice(0, -4) : raw);
    const competition = id === null ? undefined : hub.snapshot().competitions.find((c) => c.id === id);
    if (!competition) {
      respondJson(res, '404 Not Found', JSON.stringify({ error: `no competition ${JSON.stringify(id ?? raw)}` }), head);
      return;
    }
    if (csv) {
      const name = (id ?? 'results').replace(/[^A-Za-z0-9_.-]+/g, '_');
      respond(
        res,
        '200 OK',
        { 'Content-Type': 'text/csv; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="${name}.csv"` },
        competitionCsv(competition),
        head,
      );
      return;
    }
    respondJson(res, '200 OK', JSON.stringify(toResultsDocument({ competitions: [competition] }).competitions[0]), head);
  };

  const health = (res: HttpResponse, req: HttpRequest): void => {
    const body = JSON.stringify({ status: 'ok', epoch: hub.epoch, seq: hub.seq, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) });
    respondJson(res, '200 OK', body, req.getMethod() === 'head');
  };

  const metricsPage = (res: HttpResponse, req: HttpRequest): void => {
    const head = req.getMethod() === 'head';
    const send = (text: string): void =>
      respond(res, '200 OK', { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' }, text, head);
    const text = metricsText();
    if (typeof text === 'string') {
      send(text);
      return;
    }
    // uWS forbids touching a response after the client went away: it must be told we are async.
    let aborted = false;
    res.onAborted(() => (aborted = true));
    text.then(
      (t) => {
        if (!aborted) send(t);
      },
      (e: unknown) => {
        if (!aborted) respondText(res, '503 Service Unavailable', `metrics unavailable: ${e instanceof Error ? e.message : String(e)}\n`, head);
      },
    );
  };

  const staticFile = (res: HttpResponse, req: HttpRequest): void => {
    const head = req.getMethod() === 'head';
    const path = decodePath(req.getUrl());
    const file = path === null ? undefined : site.files.get(path);
    if (!file) {
      respondText(res, '404 Not Found', 'not found\n', head);
      return;
    }
    const headers: Record<string, string> = {
      'Content-Type': file.contentType,
      'Cache-Control': file.cacheControl,
      ETag: file.etag,
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
    };
    if (req.getHeader('if-none-match') === file.etag) {
      res.cork(() => {
        res.writeStatus('304 Not Modified');
        for (const [k, v] of Object.entries(headers)) if (k !== 'Content-Type') res.writeHeader(k, v);
        res.endWithoutBody();
      });
      return;
    }
    if (file.gzip && acceptsGzip(req.getHeader('accept-encoding'))) {
      respond(res, '200 OK', { ...headers, 'Content-Encoding': 'gzip' }, file.gzip, head);
      return;
    }
    respond(res, '200 OK', headers, file.body, head);
  };

  for (const method of ['get', 'head'] as const) {
    app[method]('/api/results', results);
    app[method]('/api/results/*', oneCompetition);
    app[method]('/healthz', health);
    app[method]('/metrics', metricsPage);
    app[method]('/*', staticFile);
  }
  app.any('/*', (res) => respond(res, '405 Method Not Allowed', { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, 'method not allowed\n'));
}
