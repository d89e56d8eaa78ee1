#!/usr/bin/python3
# The peer for bench/fanout.bench.ts: a minimal relay of the kind the old setup used, on Debian's
# python3-websockets (10.4, run with /usr/bin/python3). The producer connects to /ingest and every
# message it sends goes, unchanged, to every other connection (websockets.broadcast: one write per
# viewer, no per-viewer encoding). Usage: relay.py HOST PORT [--no-ping]. Prints "listening" when
# ready. Keepalive pings as the library's defaults (every 20 s) unless --no-ping (experiments).
import asyncio
import sys

import websockets

viewers = set()


async def handler(ws, path=None):
    path = path if path is not None else ws.path
    if path.startswith("/ingest"):
        async for message in ws:
            websockets.broadcast(viewers, message)
        return
    viewers.add(ws)
    try:
        await ws.wait_closed()
    finally:
        viewers.discard(ws)


async def main():
    host, port = sys.argv[1], int(sys.argv[2])
    ping = {"ping_interval": None} if "--no-ping" in sys.argv[3:] else {}
    # backlog: the default 100 drops SYNs when thousands of viewers connect at once.
    async with websockets.serve(handler, host, port, backlog=4096, compression=None, max_queue=None, **ping):
        print(f"listening on {host}:{port} websockets {websockets.__version__}", flush=True)
        await asyncio.Future()


asyncio.run(main())
