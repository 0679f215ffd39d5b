import { connect, createServer, type AddressInfo } from 'node:net';

/** A TCP port nobody listens on right now, on any interface (the Playground listens on all of them). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once nothing accepts connections on `port` any more (or after `ms`, whichever comes first). */
export async function portClosed(port: number, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => (socket.destroy(), resolve(false)));
    });
    if (!open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
