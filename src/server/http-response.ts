// Writing a whole response in one corked write. Handlers answer synchronously (the state is in
// memory), so no onAborted bookkeeping is needed; the one exception, /metrics on a fan-out thread,
// does its own (http-routes.ts).
import type { HttpResponse } from './uws.js';

export function respond(
  res: HttpResponse,
  status: string,
  headers: Record<string, string>,
  body: string | Uint8Array = '',
  headOnly = false,
): void {
  res.cork(() => {
    res.writeStatus(status);
    for (const [k, v] of Object.entries(headers)) res.writeHeader(k, v);
    if (headOnly) res.endWithoutBody(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
    else res.end(body);
  });
}

export function respondJson(res: HttpResponse, status: string, body: string, headOnly = false): void {
  respond(res, status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }, body, headOnly);
}

export function respondText(res: HttpResponse, status: string, text: string, headOnly = false): void {
  respond(res, status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, text, headOnly);
}
