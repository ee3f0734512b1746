/**
 * Trusted documents: the web app's documents are served by id from the manifest its build writes;
 * with XINYI_TRUSTED_DOCUMENTS=required a browser client (Origin / Sec-Fetch-Mode) may send only
 * those ids — any other document is refused with a code before it is parsed — while partners and
 * services keep sending their own documents under their scopes. (tests/web runs the web app itself
 * in a browser against a gateway that requires them.)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFederation, type Federation } from "../../testing/federation.js";
import { buildManifest, documentIdOf, MANIFEST_FILE } from "../../web/trusted-documents.js";
import { DASHBOARD_CATALOGUE } from "../../web/src/operations.js";

let fed: Federation;
let webRoot: string;
let required: { url: string; close(): Promise<void> };
let off: { url: string; close(): Promise<void> };

const BROWSER = { origin: "http://127.0.0.1", "sec-fetch-mode": "cors", "sec-fetch-site": "same-origin", "sec-fetch-dest": "empty" };
const ARBITRARY = `{ incentiveCatalogue { offers { id } } }`;

beforeAll(async () => {
  fed = await startFederation({ subjects: 30 });
  webRoot = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-web-"));
  fs.writeFileSync(path.join(webRoot, MANIFEST_FILE), JSON.stringify(buildManifest()));
  required = await fed.startGateway({ XINYI_TRUSTED_DOCUMENTS: "required" }, { webRoot });
  off = await fed.startGateway({}, { webRoot });
});
afterAll(async () => {
  await required?.close();
  await off?.close();
  await fed?.close();
  if (webRoot) fs.rmSync(webRoot, { recursive: true, force: true });
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}
const codeOf = (answer: { body: { errors?: { extensions?: { code?: string } }[] } }) => answer.body.errors?.[0]?.extensions?.code;

describe("XINYI_TRUSTED_DOCUMENTS=required", () => {
  it("serves a browser the web app's documents by id", async () => {
    const answer = await post(required.url, { documentId: documentIdOf(DASHBOARD_CATALOGUE) }, BROWSER);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.incentiveCatalogue.offers.length).toBeGreaterThan(0);
  });

  it("refuses a browser's own document (as text, or as an unknown id) with a coded error, whatever its token", async () => {
    const token = await fed.token(["admin"], "browser-console");
    const asText = await post(required.url, { query: ARBITRARY }, { ...BROWSER, authorization: `Bearer ${token}` });
    expect(asText.status).toBe(403);
    expect(codeOf(asText)).toBe("TRUSTED_DOCUMENT_REQUIRED");
    expect(asText.body.data ?? null).toBeNull();
    // The web app's text itself, sent as text: still a document of the page's choosing.
    const sameText = await post(required.url, { query: DASHBOARD_CATALOGUE }, { origin: "http://127.0.0.1" });
    expect(codeOf(sameText)).toBe("TRUSTED_DOCUMENT_REQUIRED");
    const unknown = await post(required.url, { documentId: documentIdOf(ARBITRARY) }, { "sec-fetch-site": "same-origin" });
    expect(unknown.status).toBe(400);
    expect(codeOf(unknown)).toBe("UNKNOWN_DOCUMENT");
  });

  it("leaves partners and services their own documents, under their scopes", async () => {
    const partner = await fed.token(["eligibility:check"], "bus-co");
    const answer = await post(required.url, { query: ARBITRARY }, { authorization: `Bearer ${partner}` });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.incentiveCatalogue.offers.length).toBeGreaterThan(0);
    // As text by GET: the one request of a page that may carry none of a browser's headers (plain HTTP).
    const byGet = await fetch(`${required.url}?query=${encodeURIComponent(ARBITRARY)}`, { headers: { accept: "application/json" } });
    expect(byGet.status).toBe(403);
    expect((await byGet.json()).errors[0].extensions.code).toBe("TRUSTED_DOCUMENT_REQUIRED");
    const forbidden = await post(required.url, { query: `{ auditLog(first: 1) { totalCount } }` }, { authorization: `Bearer ${partner}` });
    expect(codeOf(forbidden)).toBe("FORBIDDEN");
  });

  it("will not start without the web app's manifest", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-web-"));
    try {
      await expect(fed.startGateway({ XINYI_TRUSTED_DOCUMENTS: "required" }, { webRoot: empty })).rejects.toThrow(/npm run build/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe("XINYI_TRUSTED_DOCUMENTS off (the default)", () => {
  it("serves a browser both the web app's ids and its own documents, and refuses an unknown id", async () => {
    const byId = await post(off.url, { documentId: documentIdOf(DASHBOARD_CATALOGUE) }, BROWSER);
    expect(byId.body.data.incentiveCatalogue.offers.length).toBeGreaterThan(0);
    const asText = await post(off.url, { query: ARBITRARY }, BROWSER);
    expect(asText.body.data.incentiveCatalogue.offers.length).toBeGreaterThan(0);
    expect(codeOf(await post(off.url, { documentId: "sha256:00" }, BROWSER))).toBe("UNKNOWN_DOCUMENT");
  });
});
