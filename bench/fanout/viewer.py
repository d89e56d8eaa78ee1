#!/usr/bin/python3
# One load-generating viewer process of bench/fanout (driven by viewer-pool.ts): many raw WebSocket
# viewers on one epoll loop, recording for every data message when it reached the viewer's socket.
#
# Why Python and not Node: the arrival time is the kernel's receive timestamp (SO_TIMESTAMPNS, read
# with recvmsg, which Node cannot do), stamped when the segment entered the viewer's TCP receive
# path. On this 2-core machine thousands of viewers share the cores with the server; a time taken
# when a viewer process gets round to reading says how long it queued behind 2,500 others, which
# phones with a CPU each do not. The time the message is read is recorded too ("in-process").
#
# Commands arrive as JSON lines on stdin, replies go out as JSON lines on stdout (one per command,
# in order). Each distinct message (its opcode byte, then the payload) is sent to the parent once
# (base64); records refer to it by index, so the parent decodes a delta once, not once per viewer.
import base64
import errno
import json
import os
import selectors
import socket
import struct
import sys
import time

SO_TIMESTAMPNS = 35  # <asm-generic/socket.h>; the control message has the same number
KEY = 'dGhlIHNhbXBsZSBub25jZQ=='
READ_SIZE = 256 * 1024
CMSG_SPACE = 64

sel = selectors.EpollSelector()
stdin_fd = sys.stdin.fileno()
os.set_blocking(stdin_fd, False)
sel.register(stdin_fd, selectors.EVENT_READ, None)

viewers = {}            # socket -> Viewer, once upgraded
payload_index = {}      # payload bytes -> index into payloads
payloads = []
records = []            # flat triples: payload index, socket arrival (ms), in-process arrival (ms)
unstamped = 0           # reads without a kernel timestamp (then the read time stands in)
bytes_read = 0          # all bytes read, to tell when the viewers have caught up
closed_unexpectedly = 0
connecting = None       # the running connect command


def reply(obj):
    sys.stdout.write(json.dumps(obj, separators=(',', ':')) + '\n')
    sys.stdout.flush()


class Viewer:
    __slots__ = ('sock', 'buf', 'upgraded', 'deadline')

    def __init__(self, sock, deadline):
        self.sock = sock
        self.buf = b''
        self.upgraded = False
        self.deadline = deadline


class Connect:
    """Opens `count` viewers, at most `concurrency` handshakes at a time."""

    def __init__(self, c):
        self.host, self.port, self.path = c['host'], c['port'], c['path']
        self.left = c['count']
        self.concurrency = c['concurrency']
        self.timeout = c['timeoutMs'] / 1000
        self.pending = set()
        self.failed = 0
        self.first_error = None

    def request(self):
        return (f'GET {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nUpgrade: websocket\r\n'
                f'Connection: Upgrade\r\nSec-WebSocket-Key: {KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n').encode()

    def fill(self):
        while self.left > 0 and len(self.pending) < self.concurrency:
            self.left -= 1
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setblocking(False)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
            err = s.connect_ex((self.host, self.port))
            if err not in (0, errno.EINPROGRESS):
                self.fail(s, os.strerror(err), registered=False)
                continue
            v = Viewer(s, time.monotonic() + self.timeout)
            self.pending.add(v)
            sel.register(s, selectors.EVENT_WRITE, v)

    def fail(self, s, why, registered=True):
        self.failed += 1
        if self.first_error is None:
            self.first_error = why
        if registered:
            sel.unregister(s)
        s.close()

    def on_writable(self, v):
        err = v.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        self.pending.discard(v)
        if err:
            return self.fail(v.sock, os.strerror(err))
        v.sock.send(self.request())
        self.pending.add(v)
        sel.modify(v.sock, selectors.EVENT_READ, v)

    def on_upgraded(self, v, ok, why=None):
        self.pending.discard(v)
        if not ok:
            return self.fail(v.sock, why)
        viewers[v.sock] = v

    def expire(self):
        now = time.monotonic()
        for v in [v for v in self.pending if v.deadline < now]:
            self.pending.discard(v)
            self.fail(v.sock, 'handshake timeout')

    def done(self):
        return self.left == 0 and not self.pending


def on_readable(v):
    global unstamped, closed_unexpectedly, bytes_read
    try:
        data, anc, _flags, _addr = v.sock.recvmsg(READ_SIZE, CMSG_SPACE)
    except (BlockingIOError, InterruptedError):
        return
    except OSError as e:
        data, anc = b'', []
        if not v.upgraded:
            return connecting.on_upgraded(v, False, str(e))
    app = time.time() * 1000
    bytes_read += len(data)
    if not data:
        if not v.upgraded:
            return connecting.on_upgraded(v, False, 'closed before upgrade')
        close_viewer(v)
        closed_unexpectedly += 1
        return
    kernel = app
    if anc:
        sec, ns = struct.unpack_from('qq', anc[0][2])
        kernel = sec * 1000 + ns / 1e6
    else:
        unstamped += 1
    buf = v.buf + data if v.buf else data
    if not v.upgraded:
        end = buf.find(b'\r\n\r\n')
        if end < 0:
            v.buf = buf
            return
        if b' 101' not in buf[:12]:
            return connecting.on_upgraded(v, False, 'no upgrade: ' + buf[:end].split(b'\r\n')[0].decode('latin1'))
        v.upgraded = True
        connecting.on_upgraded(v, True)
        buf = buf[end + 4:]
    at = 0
    n = len(buf)
    while n - at >= 2:
        opcode = buf[at] & 0x0F
        size = buf[at + 1] & 0x7F
        head = 2
        if size == 126:
            if n - at < 4:
                break
            size = (buf[at + 2] << 8) | buf[at + 3]
            head = 4
        elif size == 127:
            if n - at < 10:
                break
            size = int.from_bytes(buf[at + 2:at + 10], 'big')
            head = 10
        if n - at < head + size:
            break
        payload = buf[at + head:at + head + size]
        at += head + size
        if opcode == 1 or opcode == 2:
            key = bytes((opcode,)) + payload  # the opcode first: text and binary kept apart
            idx = payload_index.get(key)
            if idx is None:
                idx = payload_index[key] = len(payloads)
                payloads.append(key)
            records.extend((idx, kernel, app))
        elif opcode == 9:  # ping: a pong with the same payload, masked with a zero key
            v.sock.send(bytes((0x8A, 0x80 | min(len(payload), 125))) + b'\0\0\0\0' + payload[:125])
        elif opcode == 8:
            close_viewer(v)
            return
    v.buf = buf[at:] if at < n else b''


def close_viewer(v):
    viewers.pop(v.sock, None)
    try:
        sel.unregister(v.sock)
    except (KeyError, ValueError):
        pass
    v.sock.close()


def command(c):
    global connecting, closed_unexpectedly, unstamped
    cmd = c['cmd']
    if cmd == 'connect':
        connecting = Connect(c)
        connecting.fill()
    elif cmd == 'reset':
        records.clear()
        unstamped = 0
        reply({'cmd': 'reset'})
    elif cmd == 'count':
        reply({'cmd': 'count', 'received': len(records) // 3, 'open': len(viewers), 'bytes': bytes_read})
    elif cmd == 'collect':
        reply({'cmd': 'collect', 'payloads': [base64.b64encode(p).decode() for p in payloads], 'records': records,
               'unstamped': unstamped, 'closed': closed_unexpectedly, 'open': len(viewers)})
    elif cmd == 'close':
        for v in list(viewers.values()):
            close_viewer(v)
        records.clear()
        payload_index.clear()
        payloads.clear()
        closed_unexpectedly = 0
        reply({'cmd': 'close'})


def main():
    global connecting
    pending_input = b''
    while True:
        for key, events in sel.select(0.05 if connecting else None):
            v = key.data
            if v is None:
                chunk = os.read(stdin_fd, 65536)
                if not chunk:
                    return  # the parent went away
                pending_input += chunk
                while b'\n' in pending_input:
                    line, pending_input = pending_input.split(b'\n', 1)
                    if line.strip():
                        command(json.loads(line))
            elif events & selectors.EVENT_WRITE:
                connecting.on_writable(v)
            else:
                on_readable(v)
        if connecting:
            connecting.expire()
            connecting.fill()
            if connecting.done():
                reply({'cmd': 'connect', 'open': len(viewers), 'failed': connecting.failed, 'firstError': connecting.first_error})
                connecting = None


main()
