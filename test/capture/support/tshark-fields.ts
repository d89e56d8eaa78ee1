// Ground truth: tshark's own decoding of a capture file, one row per frame.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TsharkFrame {
  frame: number;
  /** frame.time_epoch in microseconds, from the decimal text (no float rounding of the seconds). */
  tsMicros: number;
  interfaceId: number;
  tcp: null | {
    srcIp: string;
    dstIp: string;
    srcPort: number;
    dstPort: number;
    seq: number;
    ack: number;
    flags: number;
    window: number;
    /** tcp.len: payload length the IP header announces. */
    length: number;
    /** The captured payload bytes, hex. */
    payloadHex: string;
  };
}

const fields = [
  'frame.encap_type', 'frame.number', 'frame.time_epoch', 'frame.interface_id', 'ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst',
  'tcp.srcport', 'tcp.dstport', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.flags', 'tcp.window_size_value', 'tcp.len', 'tcp.payload',
];

export async function tsharkFrames(path: string): Promise<TsharkFrame[]> {
  const args = ['-n', '-r', path, '-o', 'tcp.analyze_sequence_numbers:FALSE', '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=f'];
  for (const f of fields) args.push('-e', f);
  const { stdout } = await run('tshark', args, { maxBuffer: 64 << 20 });
  return stdout
    .split('\n')
    .filter((line) => line.length > 0)
    // Records without an encapsulation are not packets (tshark shows pcapng custom blocks as frames).
    .filter((line) => !line.startsWith('\t'))
    .map((line) => {
      const [, frame, epoch, iface, ip4src, ip4dst, ip6src, ip6dst, sport, dport, seq, ack, flags, win, len, payload] = line.split('\t');
      const [sec, frac = ''] = epoch!.split('.');
      // Simple packet blocks have no timestamp: tshark prints none, our reader gives 0.
      const tsMicros = epoch ? Number(sec) * 1e6 + Number(`0.${frac}`) * 1e6 : 0;
      return {
        frame: Number(frame),
        tsMicros,
        interfaceId: iface ? Number(iface) : 0,
        tcp: sport
          ? {
              srcIp: ip6src || ip4src!,
              dstIp: ip6dst || ip4dst!,
              srcPort: Number(sport),
              dstPort: Number(dport),
              seq: Number(seq),
              ack: Number(ack),
              flags: Number(flags),
              window: Number(win),
              length: Number(len),
              payloadHex: (payload ?? '').replace(/:/g, ''),
            }
          : null,
      };
    });
}
