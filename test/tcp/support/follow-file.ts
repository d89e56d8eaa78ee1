// The capture-file pipeline in process: src/capture reads and decodes, src/tcp reassembles, the
// Collector keeps every stream.
import { PacketDecoder, readCaptureFile } from '../../../src/capture/index.js';
import { TcpReassembler, type ReassemblerOptions } from '../../../src/tcp/index.js';
import { Collector } from './segments.js';

export async function followFile(path: string, opts: Partial<ReassemblerOptions> = {}): Promise<Collector> {
  const col = new Collector();
  const r = new TcpReassembler(col.onEvent, opts);
  const decoder = new PacketDecoder();
  await readCaptureFile(path, (pkt) => {
    const seg = decoder.decode(pkt);
    if (seg) r.push(seg);
  });
  r.flush();
  return col;
}
