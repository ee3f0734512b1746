/**
 * Polls `test` every 100 ms until it holds. Past `ms` it fails naming `what`, with the last 3,000
 * characters of `log()` (the output of the processes under test).
 */
export async function waitUntil(what: string, test: () => boolean | Promise<boolean>, ms: number, log: () => string = () => ""): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await test()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}\n${log().slice(-3000)}`);
}

/**
 * Waits, when less than `roomMs` is left of the current fixed window of `windowMs` (rate limits
 * count clock minutes, ID budgets clock hours), for the next one: a check that counts must not
 * straddle a window's turn.
 */
export async function windowWithRoom(windowMs: number, roomMs: number): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < roomMs) await new Promise((r) => setTimeout(r, left + 50));
}
