import { createServer } from 'node:net';

/** Listens on `port` (0: any) on the loopback interface, then closes; resolves the port held. */
function holdBriefly(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A TCP port that nothing listens on at this moment, chosen by the operating system. */
export function freePort(): Promise<number> {
  return holdBriefly(0);
}

/** Whether nothing listens on `port` of the loopback interface at this moment. */
export function isPortFree(port: number): Promise<boolean> {
  return holdBriefly(port).then(
    () => true,
    () => false,
  );
}
