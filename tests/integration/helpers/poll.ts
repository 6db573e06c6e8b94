/** Read until `ok` holds, or fail naming `what` and the last value read (async reads: API calls, status). */
export async function poll<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > deadline)
      throw new Error(
        `${what} not reached within ${timeoutMs} ms; last: ${JSON.stringify(last).slice(0, 1500)}`,
      );
    await new Promise((r) => setTimeout(r, 200));
    last = await read();
  }
  return last;
}
