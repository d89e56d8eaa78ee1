// For the demo where live capture is not possible (no root, no libpcap): the simulator's bytes are
// handed to the pipeline as the TCP segments a capture would have seen, so everything after the
// capture stage runs as it would on the Sprecher-PC.
import { TCP_ACK, TCP_PSH, TCP_SYN, type TcpSegment } from '../capture/index.js';

export class DirectTcpFeed {
  #seq = 1000;
  #started = false;

  constructor(
    private readonly push: (seg: TcpSegment) => void,
    private readonly srcPort: number,
    private readonly dstPort: number,
  ) {}

  write(bytes: Uint8Array): void {
    if (!this.#started) {
      this.#segment(TCP_SYN, new Uint8Array(0));
      this.#seq++;
      this.#started = true;
    }
    for (let at = 0; at < bytes.length; at += 1460) {
      const payload = bytes.subarray(at, at + 1460);
      this.#segment(TCP_ACK | TCP_PSH, payload);
      this.#seq = (this.#seq + payload.length) >>> 0;
    }
  }

  #segment(flags: number, payload: Uint8Array): void {
    this.push({
      ts: (performance.timeOrigin + performance.now()) * 1000,
      srcIp: '127.0.0.1',
      dstIp: '127.0.0.1',
      srcPort: this.srcPort,
      dstPort: this.dstPort,
      seq: this.#seq,
      ack: 1,
      flags,
      window: 65535,
      payload,
      missingPayload: 0,
    });
  }
}
