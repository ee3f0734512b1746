/** A webhook receiver for the notifications tests (node:http), and the signature check a receiver makes itself. */
import { createHmac } from "node:crypto";
import http from "node:http";
import type net from "node:net";

/** A webhook receiver: every request kept; `/flaky` fails an id's first three tries, `/down` always fails, `/hold` keeps the first request it gets open until released. */
export async function startReceiver() {
  const received: { path: string; id: string; timestamp: string; signature: string; body: string }[] = [];
  let release: (() => void) | undefined;
  let held = false;
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const got = {
      path: request.url ?? "",
      id: String(request.headers["x-xinyi-notice-id"]),
      timestamp: String(request.headers["x-xinyi-notice-timestamp"]),
      signature: String(request.headers["x-xinyi-notice-signature"]),
      body: Buffer.concat(chunks).toString("utf8"),
    };
    received.push(got);
    const tries = received.filter((r) => r.path === got.path && r.id === got.id).length;
    if (got.path === "/hold" && !held) {
      held = true;
      await new Promise<void>((r) => (release = r));
    }
    const fail = got.path === "/down" || (got.path === "/flaky" && tries <= 3);
    response.writeHead(fail ? 503 : 200).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    base,
    received,
    at: (path: string) => received.filter((r) => r.path === path),
    release: () => release?.(),
    close: () => new Promise((r) => server.close(r)),
  };
}

/** The signature a receiver computes itself: hex HMAC-SHA256 over `<timestamp>.<id>.<body>`. */
export const verifies = (secret: string, r: { id: string; timestamp: string; signature: string; body: string }) =>
  r.signature === `v1=${createHmac("sha256", secret).update(`${r.timestamp}.${r.id}.${r.body}`).digest("hex")}`;
