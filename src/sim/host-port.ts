// "HOST:PORT" as given on the command line; IPv6 in brackets ("[::1]:4000").

export interface HostPort {
  host: string;
  port: number;
}

export function parseHostPort(text: string, opts: { allowPortZero?: boolean } = {}): HostPort {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  const min = opts.allowPortZero ? 0 : 1;
  if (!m || port < min || port > 65535) {
    throw new RangeError(`expected HOST:PORT (e.g. 127.0.0.1:4000 or [::1]:4000), got "${text}"`);
  }
  return { host: (m[1] ?? m[2]) as string, port };
}

export function formatHostPort({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
