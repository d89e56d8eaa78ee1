// Loads the `cap` native addon (CommonJS) lazily, so that reading capture files never needs libpcap,
// and turns a failed load into a LiveCaptureError that says how to fix it.
import { createRequire } from 'node:module';
import { LiveCaptureError } from './errors.js';

/** The part of cap 0.2.1's API that racewire uses. */
export interface CapDevice {
  name: string;
  description?: string;
  addresses: Array<{ addr: string; netmask?: string; broadaddr?: string; dstaddr?: string }>;
  flags?: string;
}

export interface CapInstance {
  open(device: string, filter: string, bufSize: number, buffer: Buffer): string;
  close(): void;
  on(event: 'packet', listener: (nbytes: number, truncated: boolean) => void): void;
  removeAllListeners(event?: string): void;
}

export interface CapModule {
  Cap: { new (): CapInstance; findDevice(ip?: string): string | undefined; deviceList(): CapDevice[] };
}

let loaded: CapModule | null = null;

export function loadCap(): CapModule {
  if (loaded) return loaded;
  try {
    loaded = createRequire(import.meta.url)('cap') as CapModule;
    return loaded;
  } catch (err) {
    throw new LiveCaptureError(`live capture is unavailable: the 'cap' module could not be loaded (${firstLine(err)}). ${libpcapHint()}`, 'no-libpcap', err);
  }
}

export function libpcapHint(): string {
  if (process.platform === 'win32') {
    return 'Install Npcap (https://npcap.com) with "WinPcap API-compatible mode" enabled.';
  }
  if (process.platform === 'darwin') return 'libpcap ships with macOS; reinstall racewire so that cap is rebuilt (npm rebuild cap).';
  return 'Install libpcap (Debian/Ubuntu: apt-get install libpcap0.8 libpcap-dev; Fedora: dnf install libpcap libpcap-devel), then run npm rebuild cap.';
}

export function permissionHint(): string {
  if (process.platform === 'win32') return 'Install Npcap (https://npcap.com) and run racewire as Administrator, or install Npcap without the "restrict to Administrators" option.';
  if (process.platform === 'darwin') return 'Run racewire with sudo, or give your user read access to /dev/bpf* (Wireshark\'s ChmodBPF).';
  return `Run racewire as root, or allow this node binary to capture: sudo setcap cap_net_raw,cap_net_admin=eip ${process.execPath}`;
}

export function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0]!.trim();
}
