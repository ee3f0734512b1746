/**
 * Merchant codes (爱山商圈 "主动亮信、扫码查信", issue 27 item 5), on the real federation and in Debian's
 * Chromium (no CJK system font needed: the page ships Noto Sans SC): a firm opted in by the credit
 * office shows its name, level band and list status, in the shipped font, with a QR code of its
 * public address (XINYI_PUBLIC_URL, whatever Host the request named); its JSON form says only that;
 * the page's content is read once per cache period; the firm opting out with its own token
 * (self:write) answers 404 at once; every address that is not a shown page — a firm that did not
 * opt in, a person, an unknown or malformed USCC — gets the same 404; the changes are audited with
 * before/after; pages are rate-limited per address. Screenshots in test-artifacts/web/.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import QRCode from "qrcode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "../../gateway/src/jwt.js";
import { computePersonCheck, computeUsccCheck } from "../../shared/ids.js";
import { CREDIT_LEVEL, CREDIT_LIST } from "../../shared/labels.js";
import { PROJECT_ROOT } from "../../shared/paths.js";
import { launchChromium } from "../../testing/browser.js";
import { ANALYST, type AnyData, startFederation, type Federation, closeAll } from "../../testing/federation.js";
import { waitUntil, windowWithRoom } from "../../testing/wait.js";

const ARTIFACTS = path.join(PROJECT_ROOT, "test-artifacts", "web");
const PUBLIC = "https://credit.example.gov.cn";
const CREDIT_OFFICE = { sub: "credit-office-clerk", scopes: ["dept:credit"] };
const SET = `mutation($id: ID!, $display: Boolean!) { setMerchantCode(subjectId: $id, display: $display) { subjectId displayed changedAt url } }`;

let fed: Federation;
let browser: Browser;
let origin: string;
/** A firm on a list (when the seed has one in force), another firm, a person. */
let firm: AnyData;
let other: string;
let person: string;

const get = (pathname: string, headers: Record<string, string> = {}) => fetch(`${origin}${pathname}`, { headers });

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fed = await startFederation({ subjects: 120, env: { XINYI_PUBLIC_URL: PUBLIC } });
  origin = new URL(fed.gatewayUrl).origin;
  const { body } = await fed.query(
    `{ o: subjects(first: 60, filter: { kind: ORGANIZATION }) { nodes { id name listEntries { list color status } evaluation { level } } }
       p: subjects(first: 1, filter: { kind: PERSON }) { nodes { id } } }`,
    undefined,
    ANALYST,
  );
  const orgs: AnyData[] = body.data.o.nodes.filter((o: AnyData) => o.evaluation?.level);
  firm = orgs.find((o) => o.listEntries.some((e: AnyData) => e.status === "ACTIVE")) ?? orgs[0];
  other = orgs.find((o) => o.id !== firm.id)!.id;
  person = body.data.p.nodes[0].id;
  browser = await launchChromium();
}, 180_000);
afterAll(() => closeAll(browser, fed));

describe("a merchant's public code", () => {
  it("opted in by the credit office: the page shows the name, level band and list status in the shipped font, and a QR code of its public address", async () => {
    const set = await fed.query(SET, { id: firm.id, display: true }, CREDIT_OFFICE);
    expect(set.body.errors, JSON.stringify(set.body.errors)).toBeUndefined();
    expect(set.body.data.setMerchantCode).toMatchObject({ subjectId: firm.id, displayed: true, url: `${PUBLIC}/merchant/${firm.id}` });

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const requested: string[] = [];
    const problems: string[] = [];
    page.on("request", (r) => requested.push(r.url()));
    page.on("console", (m) => problems.push(m.text()));
    fed.resetCounts();
    const response = await page.goto(`${origin}/merchant/${firm.id}`);
    expect(response?.status()).toBe(200);
    // Read from the live evaluation (through the gateway, as the credit office's service).
    expect(fed.requests.evaluation.length).toBeGreaterThan(0);
    const text = (await page.textContent("main")) ?? "";
    expect(text).toContain(firm.name);
    expect(text).toContain(CREDIT_LEVEL[firm.evaluation.level as keyof typeof CREDIT_LEVEL][0]);
    const lists = firm.listEntries.filter((e: AnyData) => e.status === "ACTIVE");
    for (const e of lists) expect(text).toContain(CREDIT_LIST[e.list as keyof typeof CREDIT_LIST][0]);
    if (lists.length === 0) expect(text).toContain("未列入红黑名单");
    const rendered = await page.evaluate(async () => {
      await document.fonts.ready;
      return document.fonts.check('16px "Noto Sans SC"', "商户信用信息");
    });
    expect(rendered).toBe(true);
    expect(requested.some((url) => /\/verify\/assets\/fonts\/noto-sans-sc-\d+-400-normal\.woff2$/.test(url))).toBe(true);
    expect(requested.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
    expect(problems.filter((t) => /Content Security Policy|Refused/i.test(t))).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "merchant-1366.png"), fullPage: true });
    await page.setViewportSize({ width: 375, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: path.join(ARTIFACTS, "merchant-375.png"), fullPage: true });
    await page.close();

    // The QR code is the public address's, whatever Host the request named; no ID but the USCC on the page.
    const html = await (await get(`/merchant/${firm.id}`, { host: "evil.example", "x-forwarded-host": "evil.example" })).text();
    const qr = await QRCode.toString(`${PUBLIC}/merchant/${firm.id}`, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
    expect(html).toContain(qr);
    expect(html).not.toContain("evil.example");
    expect([...new Set(html.match(/[0-9A-Z]{18}/g))]).toEqual([firm.id]);
  });

  it("answers apps with JSON: the name, level band, list status and as-of time, nothing else", async () => {
    const byPath = await (await get(`/merchant/${firm.id}.json`)).json();
    const byAccept = await (await get(`/merchant/${firm.id}`, { accept: "application/json" })).json();
    expect(byAccept).toEqual(byPath);
    expect(Object.keys(byPath).sort()).toEqual(["asOf", "level", "lists", "name"]);
    expect(byPath.name).toBe(firm.name);
    expect(byPath.level).toBe(firm.evaluation.level);
    const inForce = firm.listEntries.filter((e: AnyData) => e.status === "ACTIVE").map((e: AnyData) => ({ list: e.list, color: e.color }));
    expect(byPath.lists).toEqual([...new Map(inForce.map((l: AnyData) => [l.list, l])).values()]);
    expect(new Date(byPath.asOf).getTime()).toBeGreaterThan(0);
    expect(JSON.stringify(byPath)).not.toMatch(/[0-9A-Z]{18}/);
  });

  it("reads a page's content from the live evaluation once per cache period", async () => {
    expect((await get(`/merchant/${firm.id}.json`)).status).toBe(200);
    fed.resetCounts();
    for (let i = 0; i < 3; i++) expect((await get(`/merchant/${firm.id}.json`)).status).toBe(200);
    expect(fed.requests.credit.length).toBeGreaterThanOrEqual(3);
    expect(fed.requests.evaluation).toEqual([]);
  });

  it("opted out with the firm's own token (self:write): 404 at once; another firm's token is refused; a person ID gets one answer", async () => {
    const self = (id: string) => mintToken(fed.config.auth, { sub: `merchant-${id}`, scopes: ["self:write"], self: id, ttlSeconds: 600 });
    const as = async (id: string, variables: Record<string, unknown>) =>
      (
        await fetch(fed.gatewayUrl, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${await self(id)}` },
          body: JSON.stringify({ query: SET, variables }),
        })
      ).json();
    const foreign = await as(other, { id: firm.id, display: false });
    expect(foreign.errors?.[0].extensions.code).toBe("FORBIDDEN");
    expect((await get(`/merchant/${firm.id}.json`)).status).toBe(200);

    const out = await as(firm.id, { id: firm.id, display: false });
    expect(out.errors, JSON.stringify(out.errors)).toBeUndefined();
    expect(out.data.setMerchantCode.displayed).toBe(false);
    expect((await get(`/merchant/${firm.id}.json`)).status).toBe(404);
    expect((await get(`/merchant/${firm.id}`)).status).toBe(404);

    // A person's ID: the same refusal whatever the ID (the real one or a made-up one).
    const made = `${person.slice(0, 14)}${person.slice(14, 17) === "001" ? "002" : "001"}`;
    const refusals = [];
    for (const id of [person, `${made}${computePersonCheck(made)}`])
      refusals.push(JSON.stringify((await fed.query(SET, { id, display: true }, CREDIT_OFFICE)).body.errors).replaceAll(id, "<ID>"));
    expect(JSON.parse(refusals[0])[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(refusals[1]).toBe(refusals[0]);

    // Both changes audited with before and after (the audit log is written as operations end).
    const merchantChanges = async () => {
      const audit = await fed.query(
        `query($id: ID!) { auditLog(subjectId: $id, first: 50) { nodes { caller changes { action before after } } } }`,
        { id: firm.id },
        { scopes: ["audit:read"] },
      );
      const changes = audit.body.data.auditLog.nodes.flatMap((n: AnyData) => n.changes.map((c: AnyData) => ({ caller: n.caller, ...c })));
      return changes
        .filter((c: AnyData) => "changed_at" in JSON.parse(c.after))
        .map((c: AnyData) => [c.caller, c.action, c.before && JSON.parse(c.before).status, JSON.parse(c.after).status]);
    };
    await waitUntil("both merchant code changes in the audit log", async () => (await merchantChanges()).length >= 2, 10_000);
    expect((await merchantChanges()).sort()).toEqual(
      [
        ["credit-office-clerk", "REGISTER", null, "DISPLAYED"],
        [`merchant-${firm.id}`, "REVOKE", "DISPLAYED", "HIDDEN"],
      ].sort(),
    );
  });

  it("gives every address that is not a shown page the same 404: opted out, never opted in, a person, unknown, malformed", async () => {
    const unknown17 = "91330502000000000";
    const addresses = [
      firm.id,
      other,
      person,
      `${unknown17}${computeUsccCheck(unknown17)}`,
      `${other.slice(0, 17)}${other[17] === "0" ? "1" : "0"}`,
      other.toLowerCase(),
      "garbage",
      "%3Cscript%3E",
    ];
    for (const form of ["", ".json"]) {
      const answers = [];
      for (const id of addresses) {
        const response = await get(`/merchant/${id}${form}`);
        const body = await response.text();
        answers.push({ status: response.status, type: response.headers.get("content-type"), cache: response.headers.get("cache-control"), body });
        expect(body).not.toContain(id.toUpperCase());
        expect(body).not.toContain(id);
      }
      expect(answers[0].status).toBe(404);
      for (const answer of answers) expect(answer).toEqual(answers[0]);
    }
  });

  it("limits the pages one address may ask for in a minute", async () => {
    await windowWithRoom(60_000, 20_000);
    let limited: Response | undefined;
    for (let i = 0; i < 130 && !limited; i++) {
      const response = await get(`/merchant/garbage-${i}`);
      if (response.status === 429) limited = response;
      else expect(response.status).toBe(404);
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });
});
