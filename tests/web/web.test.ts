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
import fs from "node:fs";
import path from "node:path";
import axe from "axe-core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../shared/db.js";
import { serviceGateway } from "../../shared/gateway-client.js";
import { PROJECT_ROOT } from "../../shared/paths.js";
import { runPopulationSnapshot } from "../../scripts/evaluate/run-snapshot.js";
import type { EvaluationDB } from "../../subgraphs/evaluation/db.js";
import { startFederation, type Federation } from "../../testing/federation.js";

const ARTIFACTS = path.join(PROJECT_ROOT, "test-artifacts", "web");
const METRICS = ["metrics:read"];
const ANALYST = ["profile:read"];

let fed: Federation;
let browser: Browser;
let origin: string;
const requested: string[] = [];

const LEDGER = `query($f: ProgrammeMetricsFilter) { programmeMetrics(filter: $f) { benefitUses beneficiaries amountWaived couponsIssued couponsUsed couponValue loansGranted loanAmount } }`;
const CREDIT = `query($f: ProgrammeMetricsFilter) { programmeMetrics(filter: $f) { codeRegistrations creditRepairsCompleted reportsIssued } }`;

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
  browser = await launchChromium();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await fed?.close();
});

describe("the dashboard", () => {
  it("shows what the API returns, for the whole city and for a district chosen in the filter, kept in the URL", async () => {
    const page = await signedIn(METRICS);
    await ready(page, "dashboard");
    const city = await shownFigures(page);
    const api = await apiFigures({});
    const compared = [
      "codeRegistrations",
      "benefitUses",
      "beneficiaries",
      "amountWaived",
      "couponsIssued",
      "couponsUsed",
      "loansGranted",
      "creditRepairsCompleted",
      "reportsIssued",
    ];
    for (const key of compared) expect(city[key], key).toBe(api[key]);
    expect(api.benefitUses).toBeGreaterThan(0);
    // A metrics token sees the dashboard, not profiles.
    expect(await page.$$eval("#nav a", (links) => links.map((a) => a.getAttribute("href")))).toEqual(["#/dashboard"]);

    await page.selectOption("#f-district", "ANJI");
    await page.click("form.filters button[type=submit]");
    await page.waitForURL(/district=ANJI/);
    await ready(page, "dashboard");
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
    await expectChineseFont(page);
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-375.png"), fullPage: true });
    await page.close();
  });
});

describe("the 信用档案", () => {
  it("shows the evaluation's level and first reason, links reasons to records, simulates a repair, masks without pii:read", async () => {
    const page = await signedIn(ANALYST);
    await ready(page, "profile");
    await page.fill("#purpose", "测试：信用档案核对");
    await page.click("form.stack button[type=submit]");
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
    await page.screenshot({ path: path.join(ARTIFACTS, "profile-1366.png"), fullPage: true });
    // A person, without pii:read: the ID and name stay masked.
    const persons = await fed.query(
      `{ subjects(first: 1, filter: { kind: PERSON }) { nodes { id } } }`,
      {},
      { scopes: ["profile:read", "pii:read"], purpose: "test" },
    );
    await page.fill("#q", persons.body.data.subjects.nodes[0].id);
    await page.click("form.filters button[type=submit]");
    await page.waitForSelector("main[data-subject-ready]:not([data-subject-ready='" + subject.id + "'])");
    const shown = await page.textContent("[data-subject]");
    expect(shown).toContain("********");
    expect(shown).not.toContain(persons.body.data.subjects.nodes[0].id);
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
