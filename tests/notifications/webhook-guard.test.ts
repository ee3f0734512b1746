/**
 * A webhook address is chosen by the organisation that registers it, so the worker must not be a
 * way into the platform's network (review of issue 28's core): a redirect is never followed, and in
 * production no internal address is reached, whatever the name resolves to or however the
 * address is written.
 */
import http from "node:http";
import type net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postNotice } from "../../subgraphs/credit/notices/notice-delivery.js";
import { isInternalAddress, webhookAgent } from "../../subgraphs/credit/notices/webhook-agent.js";
import { startReceiver } from "./webhook-receiver.js";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let redirector: http.Server;
let redirectorUrl: string;
const notice = { id: "n-1", body: '{"kind":"PENALTY_RECORDED"}', at: new Date() };
const post = (url: string, publicOnly: boolean) => postNotice({ url, secret: "s" }, notice, { timeoutMs: 5_000, dispatcher: webhookAgent(publicOnly) });

beforeAll(async () => {
  receiver = await startReceiver();
  // An "organisation's" webhook that sends the worker on to an internal address.
  redirector = http.createServer((_, response) => response.writeHead(307, { location: `${receiver.base}/internal` }).end());
  await new Promise<void>((r) => redirector.listen(0, "127.0.0.1", r));
  redirectorUrl = `http://127.0.0.1:${(redirector.address() as net.AddressInfo).port}/hook`;
});
afterAll(async () => {
  await receiver?.close();
  await new Promise((r) => redirector?.close(r));
});

describe("the notices worker's webhook tries", () => {
  it("do not follow a redirect: a 3xx is a failed try and its target gets nothing", async () => {
    expect(await post(redirectorUrl, false)).toEqual({ ok: false, outcome: "HTTP 307" });
    expect(receiver.at("/internal")).toHaveLength(0);
  });

  it("in production reach no internal address, by name or written as an address", async () => {
    const port = new URL(receiver.base).port;
    for (const host of ["localhost", "127.0.0.1", "[::ffff:127.0.0.1]", "127.1", "[::1]"]) {
      expect(await post(`http://${host}:${port}/in-production`, true), host).toEqual({
        ok: false,
        outcome: "EADDRNOTALLOWED",
      });
    }
    expect(receiver.at("/in-production")).toHaveLength(0);
    // Outside production the demo's receivers on 127.0.0.1 are reached.
    expect(await post(`http://localhost:${port}/outside-production`, false)).toEqual({ ok: true, outcome: "HTTP 200" });
  });

  it("count loopback, private, link-local (metadata), CGNAT, unique-local and mapped addresses as internal, public ones not", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "::",
      "fd00::1",
      "fe80::1",
      "::ffff:10.0.0.1",
    ])
      expect(isInternalAddress(a), a).toBe(true);
    for (const a of ["8.8.8.8", "114.114.114.114", "2001:4860:4860::8888", "::ffff:8.8.8.8"]) expect(isInternalAddress(a), a).toBe(false);
  });
});
