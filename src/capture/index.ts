// Packet sources (capture files, live capture) and the link/IP/TCP decoder: the public API of src/capture.
export type { RawPacket, TcpSegment } from './types.js';
export { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, TCP_URG } from './types.js';
export { readCaptureFile, type ReadCaptureFileOptions } from './capture-file.js';
export type { CaptureFileReport, CaptureInterface, CaptureIssue } from './capture-file-report.js';
export { PacketDecoder, type DecodeAnomaly, type DecodeAnomalyKind, type PacketDecoderOptions } from './packet-decoder.js';
export type { DecodeStats } from './decode-stats.js';
export { LiveCapture, type LiveCaptureOptions, type LiveCaptureStats } from './live-capture.js';
export { listInterfaces, type CaptureInterfaceInfo } from './interfaces.js';
export { buildFilter, type FilterOptions } from './bpf-filter.js';
export { CaptureFileError, LiveCaptureError, type CaptureFileErrorCode, type LiveCaptureErrorCode } from './errors.js';
export { linkTypeName } from './link-types.js';
export { ipv4Text, ipv6Text } from './ip-text.js';
