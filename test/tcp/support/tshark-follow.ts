// Ground truth from tshark: `tshark -r F -q -z follow,tcp,raw,N` for every TCP stream of a capture,
// parsed back into bytes per direction. tshark writes "[N bytes missing in capture file]" into the
// data where bytes are missing; those markers are turned into (offset, length) holes here.
import { execFileSync } from 'node:child_process';

export interface TsharkPiece {
  offset: number;
  bytes: Buffer;
}

export interface TsharkDirection {
  /** "ip:port->ip:port" in racewire's StreamId form. */
  stream: string;
  /** Everything tshark printed for this direction, markers removed. */
  bytes: Buffer;
  /** The data between markers, placed at stream offsets (a marker advances the offset by N). */
  pieces: TsharkPiece[];
  holes: Array<{ offset: number; length: number }>;
}

// tshark writes the C string of the marker including its terminating NUL.
const MARKER = /\[(\d+) bytes missing in capture file\]\0?/g;

function tshark(args: string[]): string {
  return execFileSync('tshark', args, { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
}

/** Every direction tshark follows in `file`, keyed by StreamId. */
export function tsharkFollow(file: string): Map<string, TsharkDirection> {
  const streams = new Set(
    tshark(['-r', file, '-T', 'fields', '-e', 'tcp.stream'])
      .split('\n')
      .filter((l) => l.trim() !== ''),
  );
  const args = ['-r', file, '-q'];
  for (const n of [...streams].sort((a, b) => Number(a) - Number(b))) args.push('-z', `follow,tcp,raw,${n}`);
  const out = tshark(args);
  const result = new Map<string, TsharkDirection>();
  for (const block of out.split(/^=+$/m)) {
    const node0 = /^Node 0: (.+)$/m.exec(block)?.[1];
    const node1 = /^Node 1: (.+)$/m.exec(block)?.[1];
    if (!node0 || !node1) continue;
    const hex: [string[], string[]] = [[], []];
    for (const line of block.split('\n')) {
      if (/^\t[0-9a-f]+$/.test(line)) hex[1].push(line.slice(1));
      else if (/^[0-9a-f]+$/.test(line)) hex[0].push(line);
    }
    for (const [i, from, to] of [
      [0, node0, node1],
      [1, node1, node0],
    ] as const) {
      const raw = Buffer.from(hex[i].join(''), 'hex');
      result.set(`${from}->${to}`, splitMarkers(`${from}->${to}`, raw));
    }
  }
  return result;
}

function splitMarkers(stream: string, raw: Buffer): TsharkDirection {
  const text = raw.toString('latin1');
  const pieces: TsharkPiece[] = [];
  const holes: Array<{ offset: number; length: number }> = [];
  let offset = 0;
  let from = 0;
  for (const m of text.matchAll(MARKER)) {
    const piece = raw.subarray(from, m.index);
    if (piece.length) pieces.push({ offset, bytes: piece });
    offset += piece.length;
    const length = Number(m[1]);
    holes.push({ offset, length });
    offset += length;
    from = m.index + m[0].length;
  }
  const tail = raw.subarray(from);
  if (tail.length) pieces.push({ offset, bytes: tail });
  return { stream, bytes: Buffer.concat(pieces.map((p) => p.bytes)), pieces, holes };
}
