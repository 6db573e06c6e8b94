import { describe, expect, it } from 'vitest';
import { readJson, readText, requireJsonContentType } from './body';
import { HttpError } from './http-error';

const status = async (p: Promise<unknown> | (() => unknown)) => {
  try {
    await (typeof p === 'function' ? p() : p);
    return 0;
  } catch (err) {
    return err instanceof HttpError ? err.status : -1;
  }
};

describe('request bodies', () => {
  it('stops reading a stream at the limit without pulling the rest', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(64 * 1024));
        if (pulled > 10_000) c.close();
      },
    });
    const req = new Request('http://x/', { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(await status(readText(req, 1_000_000))).toBe(413);
    expect(pulled).toBeLessThan(20);
  });

  it('refuses a declared length over the limit before reading', async () => {
    const req = new Request('http://x/', { method: 'POST', body: 'x'.repeat(20), headers: { 'content-length': '20' } });
    expect(await status(readText(req, 10))).toBe(413);
  });

  it('parses JSON, and says when it is empty or not JSON', async () => {
    expect(await readJson(new Request('http://x/', { method: 'POST', body: '{"a":1}' }))).toEqual({ a: 1 });
    expect(await status(readJson(new Request('http://x/', { method: 'POST', body: '' })))).toBe(400);
    expect(await readJson(new Request('http://x/', { method: 'POST' }), { optional: true })).toBeUndefined();
    expect(await status(readJson(new Request('http://x/', { method: 'POST', body: '{' })))).toBe(400);
  });

  it('takes a write body only as application/json', async () => {
    const post = (type?: string) => new Request('http://x/', { method: 'POST', body: '{}', headers: { 'content-length': '2', ...(type ? { 'content-type': type } : {}) } });
    expect(await status(() => requireJsonContentType(post('application/json; charset=utf-8')))).toBe(0);
    expect(await status(() => requireJsonContentType(post('text/plain')))).toBe(415);
    expect(await status(() => requireJsonContentType(post('application/x-www-form-urlencoded')))).toBe(415);
    expect(await status(() => requireJsonContentType(post()))).toBe(415);
    // No body, no type needed (a logout, a reconcile).
    expect(await status(() => requireJsonContentType(new Request('http://x/', { method: 'POST' })))).toBe(0);
  });
});
