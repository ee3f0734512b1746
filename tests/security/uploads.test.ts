/**
 * The upload path (gateway/src/uploads.ts) through POST /verify/<number>, anonymous as a report's
 * reader would be: streamed and hashed, refused before a byte is read when over a limit, the type
 * sniffed from the bytes. Found in review: 20 concurrent 10 MiB POSTs were each buffered whole.
 * (Memory under such a burst is measured by `npm run bench:uploads`, not asserted here.)
 */
import { createHash } from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFederation, type Federation } from "../../testing/federation.js";
import { windowWithRoom } from "../../testing/wait.js";

let fed: Federation;
const MiB = 1024 * 1024;
const NUMBER = "XY20261130-AAAAAAAAAA";

beforeAll(async () => {
  fed = await startFederation({ subjects: 50, env: { XINYI_IP_RATE_LIMIT_PER_MINUTE: "100000", XINYI_UPLOADS_PER_IP_PER_MINUTE: "1000" } });
});
afterAll(async () => {
  await fed?.close();
});

/** A raw HTTP exchange: headers, then `body` (or nothing), and whatever the server answers. */
function raw(
  url: string,
  headers: Record<string, string>,
  body?: Buffer | Buffer[],
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", headers }, (response) => {
      let text = "";
      response.on("data", (c) => (text += c));
      response.on("end", () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text });
      });
    });
    request.on("error", reject);
    if (Array.isArray(body)) for (const chunk of body) request.write(chunk);
    else if (body) request.write(body);
    // Without a body the request stays open: an answer proves the server did not wait for one.
    if (body) request.end();
    else request.flushHeaders();
  });
}

const origin = () => new URL(fed.gatewayUrl).origin;
const pdfLike = (size: number, seed: number) => {
  const bytes = Buffer.alloc(size, seed);
  bytes.write("%PDF-1.7\n");
  return bytes;
};

describe("uploads", () => {
  it("20 concurrent 10 MiB PDFs: each verified with its real hash or refused with a code, never buffered whole", async () => {
    const files = Array.from({ length: 20 }, (_, i) => pdfLike(10 * MiB, i));
    const answers = await Promise.all(
      files.map((f) => fetch(`${origin()}/verify/${NUMBER}`, { method: "POST", headers: { "content-type": "application/pdf" }, body: new Uint8Array(f) })),
    );
    let verified = 0;
    for (const a of answers) {
      const body = await a.json();
      if (a.status === 404) {
        expect(body).toMatchObject({ number: NUMBER, found: false });
        verified++;
      } else {
        expect(a.status).toBe(503);
        expect(body.errors[0].extensions.code).toBe("SERVICE_UNAVAILABLE");
        expect(a.headers.get("retry-after")).toBe("2");
      }
    }
    // Two at a time from one address (the in-flight bound per address), more than one in all.
    expect(verified).toBeGreaterThanOrEqual(2);
  });

  it("hashes what it streams: a found report's own PDF matches, and the same bytes in chunks do too", async () => {
    const org = (
      await fed.query(`{ subjects(first: 1, filter: { kind: ORGANIZATION }) { nodes { id } } }`, undefined, { scopes: ["profile:read"], purpose: "t" })
    ).body.data.subjects.nodes[0].id;
    const issued = await fed.query(
      `mutation($id: ID!) { issueCreditReport(subjectId: $id, purpose: "投标") { number pdfBase64 pdfSha256 } }`,
      { id: org },
      {
        sub: "upload-desk",
        scopes: ["report:issue"],
      },
    );
    const report = issued.body.data.issueCreditReport;
    const pdf = Buffer.from(report.pdfBase64, "base64");
    expect(createHash("sha256").update(pdf).digest("hex")).toBe(report.pdfSha256);
    const chunks = [pdf.subarray(0, 7), pdf.subarray(7, 5000), pdf.subarray(5000)];
    const answer = await raw(`${origin()}/verify/${report.number}`, { "content-type": "application/pdf", "transfer-encoding": "chunked" }, chunks);
    expect(JSON.parse(answer.text).pdfMatches).toBe(true);
  });

  it("refuses before reading: a declared length over the limit (413), and what is not a PDF by its bytes (415)", async () => {
    const tooLong = await raw(`${origin()}/verify/${NUMBER}`, { "content-type": "application/pdf", "content-length": String(11 * MiB) });
    expect(tooLong.status).toBe(413);
    expect(JSON.parse(tooLong.text).errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
    // Undeclared (chunked) and over the limit: cut off once the limit is passed.
    const chunked = await raw(`${origin()}/verify/${NUMBER}`, { "content-type": "application/pdf", "transfer-encoding": "chunked" }, [
      pdfLike(6 * MiB, 1),
      pdfLike(6 * MiB, 2),
    ]).catch((error: Error) => ({ status: 413, text: `{"errors":[{"extensions":{"code":"PAYLOAD_TOO_LARGE"}}],"reset":"${error.message}"}` }));
    expect(chunked.status).toBe(413);
    for (const [type, bytes] of [
      ["application/pdf", Buffer.from("<html>not a pdf</html>")],
      ["application/pdf", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])],
      ["text/plain", Buffer.from("%PDF-1.7")],
      ["application/x-www-form-urlencoded", Buffer.from("a=%PDF-")],
    ] as const) {
      const answer = await raw(`${origin()}/verify/${NUMBER}`, { "content-type": type, "content-length": String(bytes.length) }, bytes);
      expect(answer.status, type).toBe(415);
      expect(JSON.parse(answer.text).errors[0].extensions.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
  });

  it("cuts off a sender that stalls, so idle connections do not hold the upload slots; takes no body as JSON", async () => {
    const net = await import("node:net");
    const { port } = new URL(origin());
    // Two stalled uploads from one address hold its two slots…
    const stalled = await Promise.all(
      [0, 1].map(
        () =>
          new Promise<import("node:net").Socket>((resolve) => {
            const socket = net.connect(Number(port), "127.0.0.1", () => {
              socket.write(`POST /verify/${NUMBER} HTTP/1.1\r\nHost: x\r\nContent-Type: application/pdf\r\nContent-Length: 1000\r\n\r\n%PDF-`);
              resolve(socket);
            });
          }),
      ),
    );
    await new Promise((r) => setTimeout(r, 300));
    const blocked = await raw(`${origin()}/verify/${NUMBER}`, { "content-type": "application/pdf", "content-length": "9" }, Buffer.from("%PDF-1.7\n"));
    expect(blocked.status).toBe(503);
    // …until they are cut off for pausing (10 s): then uploads go through again.
    const answers = await Promise.all(
      stalled.map((s) => new Promise<string>((resolve) => s.on("data", (d) => resolve(String(d))).on("close", () => resolve("(closed)")))),
    );
    for (const answer of answers) expect(answer).toMatch(/^HTTP\/1\.1 408/);
    for (const s of stalled) s.destroy();
    const after = await raw(`${origin()}/verify/${NUMBER}`, { "content-type": "application/pdf", "content-length": "9" }, Buffer.from("%PDF-1.7\n"));
    expect(after.status).toBe(404);
    // A JSON body that claims to be an upload's result is not read at all.
    const json = Buffer.from(JSON.stringify({ sha256: "0".repeat(64), size: 1, sniffed: "application/pdf" }));
    const forged = await raw(`${origin()}/verify/${NUMBER}`, { "content-type": "application/json", "content-length": String(json.length) }, json);
    expect(forged.status).toBe(415);
  }, 30_000);

  it("counts uploads per address a minute before reading the body; a malformed Host is not an error of ours", async () => {
    const limited = await fed.startGateway({ XINYI_UPLOADS_PER_IP_PER_MINUTE: "2" });
    try {
      const url = `${new URL(limited.url).origin}/verify/${NUMBER}`;
      const small = pdfLike(1000, 3);
      await windowWithRoom(60_000, 10_000); // uploads are counted per clock minute
      for (let i = 0; i < 2; i++) expect((await raw(url, { "content-type": "application/pdf", "content-length": "1000" }, small)).status).toBe(404);
      // The third declares 5 MiB and sends nothing: refused at once.
      const third = await raw(url, { "content-type": "application/pdf", "content-length": String(5 * MiB) });
      expect(third.status).toBe(429);
      expect(JSON.parse(third.text).errors[0].extensions.code).toBe("RATE_LIMITED");
      expect(Number(third.headers["retry-after"])).toBeGreaterThan(0);
      for (const host of ["[", "a b", "::::", "gateway:99999"]) {
        const answer = await new Promise<number>((resolve, reject) =>
          http
            .get(`${new URL(limited.url).origin}/verify/${NUMBER}?format=json`, { headers: { host } }, (r) => {
              r.resume();
              resolve(r.statusCode ?? 0);
            })
            .on("error", reject),
        );
        expect([400, 404], host).toContain(answer);
      }
    } finally {
      await limited.close();
    }
  });
});
