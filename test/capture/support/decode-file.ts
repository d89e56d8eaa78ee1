// Our side of the comparison: every packet of a file through readCaptureFile + PacketDecoder.
import { PacketDecoder, readCaptureFile, type CaptureFileReport, type DecodeStats, type ReadCaptureFileOptions } from '../../../src/capture/index.js';

export interface DecodedFrame {
  ts: number;
  interfaceId: number;
  linkType: number;
  tcp: null | {
    srcIp: string;
    dstIp: string;
    srcPort: number;
    dstPort: number;
    seq: number;
    ack: number;
    flags: number;
    window: number;
    payloadHex: string;
    missingPayload: number;
  };
}

export async function decodeFile(path: string, opts: ReadCaptureFileOptions = {}): Promise<{ frames: DecodedFrame[]; report: CaptureFileReport; stats: DecodeStats }> {
  const decoder = new PacketDecoder();
  const frames: DecodedFrame[] = [];
  const report = await readCaptureFile(
    path,
    (pkt) => {
      const s = decoder.decode(pkt);
      frames.push({
        ts: pkt.ts,
        interfaceId: pkt.interfaceId,
        linkType: pkt.linkType,
        tcp: s && {
          srcIp: s.srcIp,
          dstIp: s.dstIp,
          srcPort: s.srcPort,
          dstPort: s.dstPort,
          seq: s.seq,
          ack: s.ack,
          flags: s.flags,
          window: s.window,
          // Copied inside the callback: the payload view dies with it.
          payloadHex: Buffer.from(s.payload).toString('hex'),
          missingPayload: s.missingPayload,
        },
      });
    },
    opts,
  );
  return { frames, report, stats: decoder.stats };
}
