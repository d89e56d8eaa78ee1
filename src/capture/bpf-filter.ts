// The BPF filter for live capture: `tcp and host X and port N` from the options, combined with a raw one.
import { isIP } from 'node:net';

export interface FilterOptions {
  /** A raw pcap-filter(7) expression. */
  filter?: string;
  host?: string;
  port?: number;
}

/** Builds the filter; rejects host/port values that would change the meaning of the expression. */
export function buildFilter(opts: FilterOptions): string {
  const parts = ['tcp'];
  if (opts.host !== undefined) {
    if (!isIP(opts.host) && !/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(opts.host)) {
      throw new RangeError(`host ${JSON.stringify(opts.host)} is neither an IP address nor a host name`);
    }
    parts.push(`host ${opts.host}`);
  }
  if (opts.port !== undefined) {
    if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) throw new RangeError(`port ${opts.port} is not in 1..65535`);
    parts.push(`port ${opts.port}`);
  }
  const raw = opts.filter?.trim();
  if (raw) {
    if (parts.length === 1) return raw; // a raw filter alone is used as given (it may want more than TCP)
    parts.push(`(${raw})`);
  }
  return parts.join(' and ');
}
