import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '@/lib/notify/signature';

export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** What the verifier said (webhook path only). */
  verified: boolean | null;
}

/**
 * A webhook receiver on 127.0.0.1: `/hook` verifies the signature with `secret` (401 when it does not match) and
 * records what it accepted; `/slack` accepts anything. `down()` closes the port, `up()` opens the same one again.
 */
export async function startReceiver(secret: string) {
  const accepted: Received[] = [];
  const rejected: Received[] = [];
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((req, res) => {
        let body = '';
        req.on('data', (d) => (body += d));
        req.on('end', () => {
          const path = req.url ?? '';
          let verified: boolean | null = null;
          if (path === '/hook') {
            const v = verifyWebhook({
              secret,
              body,
              timestamp: req.headers['x-pgcascade-timestamp'] as string | undefined,
              signature: req.headers['x-pgcascade-signature'] as string | undefined,
            });
            verified = v.ok;
            if (!v.ok) {
              rejected.push({ path, headers: req.headers, body, verified });
              res.writeHead(401).end(v.reason);
              return;
            }
          }
          accepted.push({ path, headers: req.headers, body, verified });
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        });
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });
  await listen();
  return {
    accepted,
    rejected,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    async down() {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()).closeAllConnections());
    },
    up: listen,
    close() {
      return this.down();
    },
  };
}
