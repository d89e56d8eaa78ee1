// Several fan-out threads listen on one port with SO_REUSEPORT, but a second racewire server must
// still fail to start on a port that is taken instead of silently getting half the connections.
// So the port is first claimed with an exclusive listen (which fails when anyone listens there,
// reuse or not), and only then, after closing that probe, opened shared by every thread.
//
// The remaining race: between closing the probe and the threads' shared listens (a few ms), another
// process that also listens with SO_REUSEPORT as the same user could bind the port too, and the two
// would split the connections. A second racewire probes exclusively first, so it only slips in if
// its probe lands exactly in that window; once our shared sockets listen, every exclusive probe fails.
import { closeApp, closeListenSocket, createApp, listen, listenSocketPort } from '../uws.js';

/** Probes host:port exclusively (port 0: picks a free one) and returns the port, released again. */
export async function claimPortForSharing(host: string, port: number): Promise<number> {
  const probe = createApp();
  try {
    const socket = await listen(probe, host, port, 'exclusive');
    const real = listenSocketPort(socket);
    closeListenSocket(socket);
    return real;
  } finally {
    closeApp(probe);
  }
}
