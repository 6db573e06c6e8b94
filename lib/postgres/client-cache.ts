import 'server-only';
import pg from 'pg';

/**
 * Long-lived connections by key: one connect per key, shared by concurrent callers; a connection that fails or
 * breaks is forgotten, so the next `get` reconnects.
 */
export class ClientCache {
  private readonly clients = new Map<string, Promise<pg.Client>>();

  get(key: string, config: () => Promise<pg.ClientConfig>): Promise<pg.Client> {
    let client = this.clients.get(key);
    if (!client) {
      client = (async () => {
        const c = new pg.Client(await config());
        c.on('error', () => this.forget(key, client));
        await c.connect();
        return c;
      })();
      client.catch(() => this.forget(key, client));
      this.clients.set(key, client);
    }
    return client;
  }

  /** The connection if it is open, without connecting. */
  async open(key: string): Promise<pg.Client | null> {
    return (await this.clients.get(key)?.catch(() => null)) ?? null;
  }

  private forget(key: string, client: Promise<pg.Client> | undefined): void {
    if (this.clients.get(key) === client) this.clients.delete(key);
  }

  /** Close and forget one connection. */
  async close(key: string): Promise<void> {
    const client = this.clients.get(key);
    this.clients.delete(key);
    await client?.then((c) => c.end()).catch(() => undefined);
  }

  /** Close and forget every connection whose key starts with `prefix` (all of them for ''). */
  async drop(prefix = ''): Promise<void> {
    const closing: Array<Promise<unknown>> = [];
    for (const [key, client] of this.clients) {
      if (!key.startsWith(prefix)) continue;
      this.clients.delete(key);
      closing.push(client.then((c) => c.end()).catch(() => undefined));
    }
    await Promise.all(closing);
  }
}
