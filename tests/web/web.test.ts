/**
 * The web app in a real browser (Debian's Chromium driven by playwright-core) against the real
 * gateway and demo data: dashboard figures equal the API for the same filter, the filter follows
 * the URL, the 信用档案 matches the evaluation, an outage is named where it matters, nothing is
 * fetched from anywhere but the gateway, no serious accessibility violation, and Chinese renders
 * in the self-hosted font (screenshots in test-artifacts/web/). The gateway requires trusted
 * documents of browsers (XINYI_TRUSTED_DOCUMENTS=required): the app sends only its build's.
 */
import { launchChromium } from "../../testing/browser.js";
import { execFileSync } from "node:child_process";
import path from "node:path";
import axe from "axe-core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../shared/db.js";
import { serviceGateway } from "../../shared/gateway-client.js";
import { PROJECT_ROOT } from "../../shared/paths.js";
import { runPopulationSnapshot } from "../../scripts/evaluate/run-snapshot.js";
import type { EvaluationDB } from "../../subgraphs/evaluation/db.js";
import { startFederation, type Federation, closeAll } from "../../testing/federation.js";

const ARTIFACTS = path.join(PROJECT_ROOT, "test-artifacts", "web");
const METRICS = ["metrics:read"];
const ANALYST = ["profile:read"];

let fed: Federation;
let browser: Browser;
let origin: string;
const requested: string[] = [];

const LEDGER = `query($f: ProgrammeMetricsFilter) { programmeMetrics(filter: $f) { personBenefitUses beneficiaries personFeesWaived couponsIssued couponsUsed couponValue loansGranted loanAmount } }`;
const CREDIT = `query($f: ProgrammeMetricsFilter) { programmeMetrics(filter: $f) { registeredPersons marketSubjectRepairs reportsIssued domainCertificatesReplaced } }`;

async function apiFigures(filter: Record<string, string>): Promise<Record<string, number>> {
  const ledger = await fed.query(LEDGER, { f: filter }, { scopes: METRICS });
  const credit = await fed.query(CREDIT, { f: filter }, { scopes: METRICS });
  return { ...ledger.body.data.programmeMetrics, ...credit.body.data.programmeMetrics };
}

async function signedIn(scopes: string[], width = 1366, height = 768): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on("request", (request) => void requested.push(request.url()));
  await page.goto(`${origin}/dashboard/`);
  await page.fill("#token", await fed.token(scopes, `web-${scopes.join("-")}`));
  await page.click("form.signin button[type=submit]");
  return page;
}

const ready = (page: Page, view: string) => page.waitForSelector(`main[data-ready="${view}"]`, { timeout: 30_000 });

/** The 信用档案 as the analyst, its purpose given. */
async function profileFor(purpose: string): Promise<Page> {
  const page = await signedIn(ANALYST);
  await ready(page, "profile");
  await page.fill("#purpose", purpose);
  await page.click("form.stack button[type=submit]");
  return page;
}

/** Figures shown, read both as the number displayed and as its raw value. */
async function shownFigures(page: Page): Promise<Record<string, number>> {
  return page.$$eval("[data-figure]", (nodes) =>
    Object.fromEntries(
      nodes.map((n) => {
        const displayed = Number((n.firstChild?.textContent ?? "").replace(/,/g, ""));
        if (displayed !== Number(n.getAttribute("data-value"))) throw new Error(`${n.getAttribute("data-figure")} shows ${n.textContent}`);
        return [n.getAttribute("data-figure"), displayed];
      }),
    ),
  );
}

async function expectAccessible(page: Page, label: string) {
  // Through the DevTools protocol: the page's own CSP (rightly) refuses inline scripts.
  await page.evaluate(axe.source);
  const result = await page.evaluate(async () => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ["violations"] }));
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${label}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** Enum codes a person would read (TAX_EVASION, SERIOUS, ACTIVE …): none in the page's visible text. */
async function expectNoCodes(page: Page, label: string) {
  // biome-ignore lint/performance/useDomNodeTextContent: what is visible (innerText), not the hidden text too
  const text = await page.evaluate(() => document.body.innerText);
  expect(text.match(/[A-Z_]{5,}/g) ?? [], label).toEqual([]);
  // Red and black list markers are CSS shapes and words, not emoji (boxes without an emoji font).
  expect(text.match(/[\u{1F300}-\u{1FAFF}\u26AA\u26AB]/gu) ?? [], label).toEqual([]);
}

/** No horizontal page scroll at the viewport's width. */
async function expectNoSidewaysScroll(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

/** Focus is on something of the page, not dropped to <body>. */
const focused = (page: Page) =>
  page.evaluate(() => (document.activeElement === document.body ? "BODY" : (document.activeElement?.id ?? document.activeElement?.tagName)));

async function expectChineseFont(page: Page) {
  const loaded = await page.evaluate(async () => {
    await document.fonts.ready;
    return document.fonts.check('16px "Noto Sans SC"', "信用档案");
  });
  expect(loaded).toBe(true);
  expect(requested.some((url) => /\/dashboard\/assets\/noto-sans-sc-[\w-]+\.woff2$/.test(url))).toBe(true);
}

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, "node_modules/vite/bin/vite.js"), "build", "--config", "web/vite.config.ts"], { cwd: PROJECT_ROOT });
  fed = await startFederation({ subjects: 600, env: { XINYI_TRUSTED_DOCUMENTS: "required" } });
  origin = new URL(fed.gatewayUrl).origin;
  const { db } = createDatabase<EvaluationDB>({ department: "evaluation", dataDir: fed.config.dataDir });
  try {
    await runPopulationSnapshot({
      gateway: serviceGateway(fed.config, "evaluation"),
      operator: "web test",
      db,
      policyVersion: "2026.1",
      asOf: "2026-11-01",
      progress: false,
    });
  } finally {
    await db.destroy();
  }
  browser = await launchChromium(ARTIFACTS);
}, 180_000);

afterAll(() => closeAll(browser, fed));

describe("the dashboard", () => {
  it("shows what the API returns, for the whole city and for a district chosen in the filter, kept in the URL", async () => {
    const page = await signedIn(METRICS);
    await ready(page, "dashboard");
    const city = await shownFigures(page);
    const api = await apiFigures({});
    // Beside the article's figures, ours counted the same way (published-figures.ts).
    const compared = [
      "registeredPersons",
      "personBenefitUses",
      "beneficiaries",
      "personFeesWaived",
      "couponsIssued",
      "couponsUsed",
      "loansGranted",
      "marketSubjectRepairs",
      "reportsIssued",
      "domainCertificatesReplaced",
    ];
    for (const key of compared) expect(city[key], key).toBe(api[key]);
    expect(api.personBenefitUses).toBeGreaterThan(0);
    // 长兴's village archive: the archives villageFigures answers through the gateway, and its townships' codes.
    const village = (await fed.query("{ villageFigures { archives } }", {}, { scopes: METRICS })).body.data.villageFigures;
    expect(village.archives).toBeGreaterThan(0);
    expect(city.villageArchives).toBe(village.archives);
    expect(await page.locator('[data-panel="village"] tbody tr:has(td[data-township])').count()).toBeGreaterThan(0);
    // A metrics token sees the dashboard, not profiles.
    expect(await page.$$eval("#nav a", (links) => links.map((a) => a.getAttribute("href")))).toEqual(["#/dashboard"]);

    await expectNoCodes(page, "dashboard");
    // The monthly chart's month axis is continuous and labelled by month (no overlapping rotated keys).
    expect(await page.getAttribute('[data-panel="months"] .chart', "aria-label")).toMatch(/^\d{4}年\d{1,2}月 \d+/);

    await page.selectOption("#f-district", "ANJI");
    await page.click("form.filters button[type=submit]");
    await page.waitForURL(/district=ANJI/);
    await ready(page, "dashboard");
    // Focus stays on the control that applied the filter, rebuilt, not dropped to <body>.
    expect(await focused(page)).toBe("f-apply");
    const anji = await shownFigures(page);
    const apiAnji = await apiFigures({ district: "ANJI" });
    for (const key of compared) expect(anji[key], `ANJI ${key}`).toBe(apiAnji[key]);
    expect(compared.some((key) => anji[key] !== city[key])).toBe(true);
    // The URL alone brings the same view back (the token stays for the session, never in the URL).
    await page.reload();
    await ready(page, "dashboard");
    expect(await page.inputValue("#f-district")).toBe("ANJI");
    expect(page.url()).not.toContain("eyJ");
    expect(await page.locator("[data-reference]").count()).toBeGreaterThanOrEqual(5);
    // Each published figure with its date and scope.
    for (const ref of await page.locator("[data-reference]").allTextContents()) expect(ref).toMatch(/时点：.+口径：.+来源：/);
    // The article counts reports in 2023: ours for 2023 stands beside it, none issued that year or some.
    expect(await page.textContent('[data-panel="reports"] [data-year="2023"]')).toMatch(/^0 份，替代 0$/);
    await expectChineseFont(page);
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-1366.png"), fullPage: true });
    await expectAccessible(page, "dashboard");
    await page.close();
  });

  it("fits a phone (375 px) with every panel rendered", async () => {
    const page = await signedIn(METRICS, 375, 740);
    await ready(page, "dashboard");
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest(".panel.wide"))
        .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
    );
    expect(wide).toEqual([]);
    expect(await page.locator(".panel canvas").count()).toBeGreaterThanOrEqual(4);
    await expectNoSidewaysScroll(page, 375);
    await expectNoCodes(page, "dashboard at 375 px");
    await expectChineseFont(page);
    await page.mouse.move(0, 0); // no panel's definition open under the pointer left by the sign-in click
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-375.png"), fullPage: true });
    await page.close();
  });

  it("checks the filter in the page: a bad date or district is said in Chinese and nothing is asked", async () => {
    const page = await signedIn(METRICS);
    await ready(page, "dashboard");
    const asked: string[] = [];
    page.on("request", (request) => void (request.url().endsWith("/graphql") && asked.push(request.url())));
    // Dates are typed YYYY-MM-DD whatever the browser's locale: text fields, not the locale's date picker.
    expect(await page.getAttribute("#f-from", "type")).toBe("text");
    expect(await page.getAttribute("#f-from", "placeholder")).toBe("YYYY-MM-DD");
    await page.fill("#f-from", "2026-02-30");
    await page.click("#f-apply");
    const message = await page.textContent("#f-error");
    expect(message).toMatch(/[\u4e00-\u9fff]/);
    expect(message).toContain("2026-02-30");
    expect(message).not.toMatch(/[a-z]{4,}/); // no English words (the format YYYY-MM-DD is shown)
    expect(await page.getAttribute("#f-from", "aria-invalid")).toBe("true");
    expect(await focused(page)).toBe("f-from");
    await page.fill("#f-from", "2026-06-01");
    await page.fill("#f-to", "2026-01-01");
    await page.click("#f-apply");
    expect(await page.textContent("#f-error")).toContain("截止日期早于起始日期");
    // A bad value in the URL is checked the same way.
    await page.goto(`${origin}/dashboard/#/dashboard?district=NOWHERE&from=2026-13-01`);
    await page.waitForFunction(() => document.getElementById("f-error")?.textContent?.includes("2026-13-01"));
    expect(await page.textContent("#f-error")).toMatch(/区县.*2026-13-01/s);
    expect(await page.locator("[data-panel]").count()).toBe(0);
    await page.waitForTimeout(300);
    expect(asked).toEqual([]);
    await expectAccessible(page, "dashboard with a bad filter");
    await page.close();
  });

  it("asks to sign in again, once and in Chinese, when the gateway refuses the token", async () => {
    const page = await signedIn(METRICS);
    await ready(page, "dashboard");
    // The token's signature broken (what an expired or revoked token meets at the gateway).
    await page.evaluate(() => {
      const token = sessionStorage.getItem("token")!;
      sessionStorage.setItem("token", `${token.slice(0, -4)}AAAA`);
    });
    await page.selectOption("#f-district", "DEQING");
    await page.click("#f-apply");
    await ready(page, "signin");
    expect(await page.textContent("#signin-error")).toBe("登录已过期，请重新登录。");
    expect(await page.locator(".state.error").count()).toBe(1);
    expect(await page.locator("[data-panel]").count()).toBe(0);
    expect(await focused(page)).toBe("token");
    await page.close();
  });
});

describe("the 信用档案", () => {
  it("shows the evaluation's level and first reason, links reasons to records, simulates a repair, masks without pii:read", async () => {
    const page = await profileFor("测试：信用档案核对");
    const PROFILE = `query($id: ID!) { subject(id: $id) { evaluation { level codeColor reasons { zh recordId } } } }`;
    const orgs = await fed.query(
      `{ subjects(first: 100, filter: { kind: ORGANIZATION }) { nodes { id evaluation { level reasons { zh recordId kind } } } } }`,
      {},
      {
        scopes: ANALYST,
        purpose: "test",
      },
    );
    const subject = orgs.body.data.subjects.nodes.find((n: any) => n.evaluation.reasons.some((r: any) => r.recordId && r.kind === "RECORD"));
    await page.fill("#q", subject.id);
    await page.click("form.filters button[type=submit]");
    await page.waitForSelector(`main[data-subject-ready="${subject.id}"]`);
    const api = (await fed.query(PROFILE, { id: subject.id }, { scopes: ANALYST, purpose: "test" })).body.data.subject.evaluation;
    expect(await page.getAttribute(".grade", "data-grade")).toBe(api.level);
    expect(await page.textContent("ol.reasons li:first-child")).toContain(api.reasons[0].zh);
    // A reason with a record leads to it; ticking that record shows the what-if from the API.
    const linked = api.reasons.find((r: any) => r.recordId && r.zh);
    await page.click(`[data-reason-record="${linked.recordId}"]`);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-record"))).toBe(linked.recordId);
    await page.check(`tr[data-record="${linked.recordId}"] input.what-if`);
    await page.click("#simulate");
    await page.waitForSelector(".what-if-result[data-grade]:not([data-grade=''])");
    const whatIf = await fed.query(
      `query($id: ID!, $r: [ID!]!) { subject(id: $id) { evaluationIf(repair: $r) { level } } }`,
      { id: subject.id, r: [linked.recordId] },
      {
        scopes: ANALYST,
        purpose: "test",
      },
    );
    expect(await page.getAttribute(".what-if-result", "data-grade")).toBe(whatIf.body.data.subject.evaluationIf.level);
    await expectAccessible(page, "profile");
    await expectNoCodes(page, "profile");
    // Each record with its decision document number (决定书文号), as the API has it.
    const documents = await fed.query(
      `query($id: ID!) { subject(id: $id) { market { records { id documentNo } } tax { records { id documentNo } } } }`,
      { id: subject.id },
      { scopes: ANALYST, purpose: "test" },
    );
    const records = [...(documents.body.data.subject.market?.records ?? []), ...(documents.body.data.subject.tax?.records ?? [])];
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) expect(await page.textContent(`tr[data-record="${r.id}"] td.document-no`)).toBe(r.documentNo);
    expect(await page.$$eval("table.records thead th", (ths) => ths.map((th) => th.textContent))).toContain("决定书文号");
    await page.screenshot({ path: path.join(ARTIFACTS, "profile-1366.png"), fullPage: true });
    // At 375 px: no sideways page scroll, each record a card.
    await page.setViewportSize({ width: 375, height: 740 });
    await expectNoSidewaysScroll(page, 375);
    expect(await page.$eval("table.records tbody tr", (tr) => getComputedStyle(tr).display)).toBe("block");
    await page.screenshot({ path: path.join(ARTIFACTS, "profile-375.png"), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });
    // A person, without pii:read: the ID and name stay masked.
    const persons = await fed.query(
      `{ subjects(first: 1, filter: { kind: PERSON }) { nodes { id } } }`,
      {},
      { scopes: ["profile:read", "pii:read"], purpose: "test" },
    );
    await page.fill("#q", persons.body.data.subjects.nodes[0].id);
    await page.click("form.filters button[type=submit]");
    await page.waitForSelector("main[data-subject-ready]:not([data-subject-ready='" + subject.id + "'])");
    // Focus moved to what the search brought.
    expect(await focused(page)).not.toBe("BODY");
    const shown = await page.textContent("[data-subject]");
    expect(shown).toContain("********");
    expect(shown).not.toContain(persons.body.data.subjects.nodes[0].id);
    await page.close();
  });
});

describe("the 信用档案 with a refused token", () => {
  it("does not stay on 加载中…: it asks to sign in again, in Chinese", async () => {
    const page = await profileFor("测试：令牌过期");
    expect(await focused(page)).toBe("q");
    await page.evaluate(() => {
      const token = sessionStorage.getItem("token")!;
      sessionStorage.setItem("token", `${token.slice(0, -4)}AAAA`);
    });
    await page.fill("#q", "湖州");
    await page.click("form.filters button[type=submit]");
    await ready(page, "signin");
    expect(await page.textContent("#signin-error")).toBe("登录已过期，请重新登录。");
    expect(await page.locator(".state.loading").count()).toBe(0);
    await page.close();
  });
});

describe("a department down", () => {
  it("names it in the panels and profile that need it, the rest still renders; no request leaves the gateway's origin", async () => {
    await fed.stop("incentives");
    const page = await signedIn(METRICS);
    await ready(page, "dashboard");
    const missing = await page.$$eval("[data-panel] [data-missing]", (nodes) =>
      nodes.map((n) => [n.closest("[data-panel]")!.getAttribute("data-panel"), n.getAttribute("data-missing")]),
    );
    expect(missing.map(([panel]) => panel)).toEqual(expect.arrayContaining(["benefitUses", "amountWaived", "coupons", "scenarios"]));
    for (const [, departments] of missing) expect(departments).toBe("incentives");
    expect(await page.locator('[data-panel="orgLevels"] canvas').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-outage.png"), fullPage: true });
    await page.close();

    const profile = await signedIn(ANALYST);
    await ready(profile, "profile");
    await profile.fill("#purpose", "测试：部门停机");
    await profile.click("form.stack button[type=submit]");
    const org = await fed.query(`{ subjects(first: 1, filter: { kind: ORGANIZATION }) { nodes { id } } }`, {}, { scopes: ANALYST, purpose: "test" });
    await profile.fill("#q", org.body.data.subjects.nodes[0].id);
    await profile.click("form.filters button[type=submit]");
    await profile.waitForSelector("main[data-subject-ready]");
    expect(await profile.getAttribute('[data-panel="incentives"] [data-missing]', "data-missing")).toBe("incentives");
    expect(await profile.getAttribute(".grade", "data-grade")).toBeTruthy();
    await profile.close();

    expect(requested.length).toBeGreaterThan(20);
    expect(requested.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
  });
});

describe("trusted documents", () => {
  it("are all the app sends; a document of the page's own is refused with a code", async () => {
    const page = await signedIn(METRICS);
    const bodies: string[] = [];
    await ready(page, "dashboard");
    page.on("request", (request) => void (request.url().endsWith("/graphql") && bodies.push(request.postData() ?? "")));
    await page.reload();
    await ready(page, "dashboard");
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) expect(Object.keys(JSON.parse(body)).sort()).toEqual(["documentId", "variables"]);
    const own = await page.evaluate(async () => {
      const token = sessionStorage.getItem("token");
      const response = await fetch("/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: "{ programmeMetrics { benefitUses } }" }),
      });
      return { status: response.status, body: await response.json() };
    });
    expect(own.status).toBe(403);
    expect(own.body.errors[0].extensions.code).toBe("TRUSTED_DOCUMENT_REQUIRED");
    await page.close();
  });
});
