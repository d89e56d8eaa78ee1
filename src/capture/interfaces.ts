// The interfaces libpcap can capture on, with their addresses.
import { loadCap } from './cap-binding.js';

export interface CaptureInterfaceInfo {
  name: string;
  description?: string;
  addresses: string[];
  loopback: boolean;
}

/** Lists the capture devices (cap's deviceList). Throws LiveCaptureError when libpcap is missing. */
export function listInterfaces(): CaptureInterfaceInfo[] {
  return loadCap()
    .Cap.deviceList()
    .map((d) => {
      const info: CaptureInterfaceInfo = {
        name: d.name,
        addresses: (d.addresses ?? []).map((a) => a.addr).filter((a): a is string => typeof a === 'string' && a.length > 0),
        loopback: typeof d.flags === 'string' && d.flags.includes('PCAP_IF_LOOPBACK'),
      };
      if (d.description) info.description = d.description;
      return info;
    });
}
