import 'server-only';
import net from 'node:net';

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free port for a scratch cluster: from PGCASCADE_SCRATCH_PORTS (`first-last`) when set, else one the OS picks. */
export async function scratchPort(): Promise<number> {
  const range = /^(\d+)-(\d+)$/.exec(process.env.PGCASCADE_SCRATCH_PORTS ?? '');
  if (range) {
    const [first, last] = [Number(range[1]), Number(range[2])];
    for (let port = first; port <= last; port++) if (await isFree(port)) return port;
    throw new Error(`no free port for a scratch cluster in PGCASCADE_SCRATCH_PORTS=${first}-${last}`);
  }
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
