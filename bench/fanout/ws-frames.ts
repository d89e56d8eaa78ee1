// The little of RFC 6455 a load-generating viewer needs: the upgrade request, unmasked server
// frames in, a masked pong out. Hand-rolled on purpose: the `ws` client costs several times more
// CPU per message, and the viewers share the machine's two cores with the server they measure.

/** A fixed key is fine: servers only check that it is 16 bytes in base64. */
const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

export function upgradeRequest(host: string, port: number, path: string): string {
  return (
    `GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n`
  );
}

export interface Frame {
  opcode: number;
  payload: Buffer;
}

/**
 * Splits complete frames off the front of `buf`; returns them and the unconsumed rest. Server
 * frames are never masked; fragmented messages do not occur with these servers (small messages).
 */
export function readFrames(buf: Buffer): { frames: Frame[]; rest: Buffer } {
  const frames: Frame[] = [];
  let at = 0;
  for (;;) {
    if (buf.length - at < 2) break;
    const opcode = buf[at]! & 0x0f;
    let len = buf[at + 1]! & 0x7f;
    let head = 2;
    if (len === 126) {
      if (buf.length - at < 4) break;
      len = buf.readUInt16BE(at + 2);
      head = 4;
    } else if (len === 127) {
      if (buf.length - at < 10) break;
      len = Number(buf.readBigUInt64BE(at + 2));
      head = 10;
    }
    if (buf.length - at < head + len) break;
    frames.push({ opcode, payload: buf.subarray(at + head, at + head + len) });
    at += head + len;
  }
  return { frames, rest: at === 0 ? buf : buf.subarray(at) };
}

/** A client frame must be masked; a zero mask leaves the payload as it is. */
export function maskedFrame(opcode: number, payload: Buffer): Buffer {
  if (payload.length > 125) payload = payload.subarray(0, 125);
  const out = Buffer.alloc(6 + payload.length);
  out[0] = 0x80 | opcode;
  out[1] = 0x80 | payload.length;
  payload.copy(out, 6);
  return out;
}

export const OP_TEXT = 0x1;
export const OP_BINARY = 0x2;
export const OP_CLOSE = 0x8;
export const OP_PING = 0x9;
export const OP_PONG = 0xa;
