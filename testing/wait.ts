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
