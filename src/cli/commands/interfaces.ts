// `racewire interfaces [--json]`: the interfaces libpcap can capture on, with their addresses, so the
// user can pick one for live capture (by name or by one of its addresses).
import { Command } from 'commander';
import { LiveCaptureError, listInterfaces, type CaptureInterfaceInfo } from '../../capture/index.js';
import { CliError } from '../fatal.js';

export function interfacesCommand(): Command {
  return new Command('interfaces')
    .summary('list the network interfaces available for live capture, with their addresses')
    .description('List the network interfaces available for live capture, with their IP addresses')
    .option('--json', 'print a JSON array instead of a table')
    .action((opts: { json?: boolean }) => {
      let list: CaptureInterfaceInfo[];
      try {
        list = listInterfaces();
      } catch (err) {
        if (err instanceof LiveCaptureError) throw new CliError(err.message);
        throw err;
      }
      process.stdout.write(opts.json ? `${JSON.stringify(list, null, 2)}\n` : formatTable(list));
    });
}

function formatTable(list: CaptureInterfaceInfo[]): string {
  if (list.length === 0) return 'no capture interfaces found (capturing may need root or CAP_NET_RAW)\n';
  const rows = list.map((i) => [i.name, i.addresses.join(' ') || '-', [i.loopback ? 'loopback' : '', i.description ?? ''].filter(Boolean).join(', ')]);
  const header = ['NAME', 'ADDRESSES', 'NOTE'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  return [header, ...rows].map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n') + '\n';
}
