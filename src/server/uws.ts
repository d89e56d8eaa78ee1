// The one module that imports uWebSockets.js: the rest of the server uses these re-exports, so a
// change of the binding (or a fallback) touches only this file.
import uws from 'uWebSockets.js';
import type {
  HttpRequest,
  HttpResponse,
  TemplatedApp,
  WebSocket,
  WebSocketBehavior,
  us_listen_socket,
  us_socket_context_t,
} from 'uWebSockets.js';

export type { HttpRequest, HttpResponse, TemplatedApp, WebSocket, WebSocketBehavior, us_listen_socket, us_socket_context_t };

export function createApp(): TemplatedApp {
  return uws.App();
}

/** The port a listen socket is bound to (the real one when we asked for port 0). */
export function listenSocketPort(socket: us_listen_socket): number {
  return uws.us_socket_local_port(socket as unknown as Parameters<typeof uws.us_socket_local_port>[0]);
}

export function closeListenSocket(socket: us_listen_socket): void {
  uws.us_listen_socket_close(socket);
}

/** uSockets' LIBUS_LISTEN_EXCLUSIVE_PORT (exported by the binding, typed only as an enum member). */
const EXCLUSIVE_PORT: number = (uws as unknown as { LIBUS_LISTEN_EXCLUSIVE_PORT?: number }).LIBUS_LISTEN_EXCLUSIVE_PORT ?? 1;

/** uSockets' LIBUS_LISTEN_DEFAULT: SO_REUSEPORT on. */
const LISTEN_DEFAULT = 0;

type ListenWithOptions = (host: string, port: number, options: number, cb: (socket: us_listen_socket | false) => void) => void;

/**
 * How a listen socket binds: 'exclusive' (a second server on the port fails) or 'shared'
 * (SO_REUSEPORT: several apps, one per fan-out thread, on one port; the kernel spreads the
 * connections). Shared sockets are only opened after an exclusive probe (fanout/shared-port.ts).
 */
export type ListenMode = 'exclusive' | 'shared';

/**
 * Listens on host:port; resolves with the listen socket or rejects (port in use, bad address).
 * Exclusive by default: uSockets otherwise sets SO_REUSEPORT, and a second server on the same port
 * would start "successfully" and take half the connections.
 */
export function listen(app: TemplatedApp, host: string, port: number, mode: ListenMode = 'exclusive'): Promise<us_listen_socket> {
  return new Promise((resolve, reject) => {
    // The native listen takes (host, port, options, cb); the typings only know (port, options, cb).
    (app.listen as unknown as ListenWithOptions).call(app, host, port, mode === 'exclusive' ? EXCLUSIVE_PORT : LISTEN_DEFAULT, (socket) => {
      if (socket) resolve(socket);
      else reject(new Error(`cannot listen on ${host}:${port} (port in use or address not available)`));
    });
  });
}

/** Closes every socket of the app (uWS 20.30 has app.close(); the typings lag behind). */
export function closeApp(app: TemplatedApp): void {
  (app as unknown as { close?: () => void }).close?.();
}

export const COMPRESSION_DISABLED = uws.DISABLED;
