import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The port `server` (started with `port: 0`) listens on, once it does. */
export async function listeningPort(server: Server): Promise<number> {
  if (!server.listening) await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return (server.address() as AddressInfo).port;
}
