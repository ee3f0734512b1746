/**
 * The role pages in a real browser (Debian's Chromium via playwright-core) against the real
 * gateway (trusted documents required) and demo data: tax staff record a violation (the API's
 * validation shown per field in Chinese first) and it is in the 信用档案; market staff approve a
 * repair application and the record is REPAIRED; the credit office issues a report and its PDF's
 * text has the report's number; an applicant too early is told the earliest date; the auditor
 * finds the approval with its before and after; a dashboard panel's CSV has the API's numbers and
 * its chart exports as PNG. axe-core: no serious violation on any role page; screenshots at
 * 1366 and 375 px in test-artifacts/web/roles/.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import axe from "axe-core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../shared/paths.js";
import { addMonths, todayInChina } from "../../shared/scalars.js";
import type { DemoLogin } from "../../scripts/oidc-provider-accounts.js";
import { launchChromium, signInThroughProvider } from "../../testing/browser.js";
import { ANALYST, startFederation, type Federation, closeAll } from "../../testing/federation.js";
import { buildProvider, freePort, type OidcProcess, startOidcProvider } from "../../testing/oidc.js";
import { REPAIR_MATERIALS } from "../../testing/repair.js";

const ARTIFACTS = path.join(PROJECT_ROOT, "test-artifacts", "web", "roles");
const today = todayInChina();
let fed: Federation;
let provider: OidcProcess;
let browser: Browser;
let origin: string;
let org: string;

/** A new browser context signed in through the provider's login page as a demo account, on one of its views. */
async function signedIn(login: DemoLogin, view: string, width = 1366, height = 900): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height }, acceptDownloads: true });
  await signInThroughProvider(page, origin, login);
  if ((await page.getAttribute("main", "data-ready")) !== view) await page.click(`#nav-${view}`);
  await page.waitForSelector(`main[data-ready="${view}"]`, { timeout: 60_000 });
  return page;
}

async function expectAccessible(page: Page, label: string) {
  await page.evaluate(axe.source);
  const result = await page.evaluate(async () => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ["violations"] }));
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${label}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** Screenshots at 1366 px (this page) and at 375 px (the same view opened again), no sideways scroll there. */
async function screenshots(page: Page, account: DemoLogin, view: string, name: string) {
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-1366.png`), fullPage: true });
  const narrow = await signedIn(account, view, 375, 740);
  expect(await narrow.evaluate(() => document.documentElement.scrollWidth), `${name} at 375 px`).toBeLessThanOrEqual(375);
  await narrow.screenshot({ path: path.join(ARTIFACTS, `${name}-375.png`), fullPage: true });
  await expectAccessible(narrow, `${name} at 375 px`);
  await narrow.close();
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  const file = path.join(ARTIFACTS, download.suggestedFilename());
  await download.saveAs(file);
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
}

let serial = 0;
async function recordVia(scope: string, mutation: string, type: string, input: Record<string, unknown>): Promise<string> {
  const { body } = await fed.query(`mutation($in: ${type}!) { ${mutation}(input: $in) { id } }`, { in: { subjectId: org, ...input } }, { scopes: [scope] });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data[mutation].id;
}

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, "node_modules/vite/bin/vite.js"), "build", "--config", "web/vite.config.ts"], { cwd: PROJECT_ROOT });
  buildProvider();
  const port = await freePort();
  fed = await startFederation({ subjects: 200, env: { XINYI_TRUSTED_DOCUMENTS: "required", XINYI_OIDC_ISSUER: `http://127.0.0.1:${port}` } });
  origin = new URL(fed.gatewayUrl).origin;
  const page = await fed.query(
    `{ subjects(first: 100, filter: { kind: ORGANIZATION }) { nodes { id listEntries { color } market { records { category status } } } } }`,
    {},
    ANALYST,
  );
  org = page.body.data.subjects.nodes.find(
    (n: any) => !n.listEntries.some((e: any) => e.color === "BLACK") && n.market.records.every((r: any) => r.status !== "ACTIVE"),
  ).id;
  // The applicant's account acts for that firm (its tokens' subjects claim).
  provider = await startOidcProvider(fed, port, { XINYI_OIDC_APPLICANT_SUBJECTS: org });
  browser = await launchChromium(ARTIFACTS);
}, 240_000);

afterAll(() => closeAll(browser, provider, fed));

describe("department staff", () => {
  it("tax staff see the API's validation per field in Chinese, then record a violation that the 信用档案 shows", async () => {
    const page = await signedIn("tax", "records");
    expect(await page.$$eval("#nav a", (links) => links.map((a) => a.getAttribute("href")))).toEqual(["#/records", "#/review"]);
    const documentNo = `税罚〔2026〕${++serial}号`;
    await page.fill("#r-subjectId", org);
    await page.fill("#r-documentNo", documentNo);
    await page.selectOption("#r-category", "LATE_FILING");
    await page.fill("#r-decidedOn", "2099-01-01");
    await page.click("#r-submit");
    await page.waitForSelector("#r-description-error:not([hidden])");
    expect(await page.textContent("#r-description-error")).toBe("事实描述：应为 1–500 个字符");
    expect(await page.textContent("#r-decidedOn-error")).toBe("决定日期：不能晚于今天");
    expect(await page.getAttribute("#r-description", "aria-invalid")).toBe("true");
    expect(await page.textContent(".form-note")).toContain("BAD_USER_INPUT");
    await expectAccessible(page, "records with errors");

    await page.fill("#r-decidedOn", addMonths(today, -1));
    await page.fill("#r-amount", "800");
    await page.fill("#r-description", "逾期申报增值税");
    await page.click("#r-submit");
    const saved = await page.waitForSelector("tr.just-saved");
    expect(await saved.$eval("td.document-no", (td) => td.textContent)).toBe(documentNo);
    expect(await saved.$eval("td[data-status]", (td) => td.getAttribute("data-status"))).toBe("ACTIVE");
    await screenshots(page, "tax", "records", "department-records");
    await page.close();

    // The analyst's 信用档案 shows it, from the tax bureau.
    const profile = await signedIn("analyst", "profile");
    await profile.fill("#purpose", "测试：核对新增记录");
    await profile.click("form.stack button[type=submit]");
    await profile.fill("#q", org);
    await profile.click("form.filters button[type=submit]");
    await profile.waitForSelector(`main[data-subject-ready="${org}"]`);
    expect(await profile.$$eval('table[data-department="tax"] td.document-no', (tds) => tds.map((td) => td.textContent))).toContain(documentNo);
    await profile.close();
  });

  let applicationId: string;
  let marketRecord: string;

  it("market staff approve a repair application with a reason, and the record is REPAIRED", async () => {
    marketRecord = await recordVia("dept:market", "recordMarketRecord", "RecordMarketRecordInput", {
      documentNo: `市监罚〔2025〕${++serial}号`,
      category: "ADMINISTRATIVE_PENALTY",
      severity: "GENERAL",
      description: "未按规定明码标价",
      decidedOn: addMonths(today, -6),
      // Above a low fine (Order No. 45 Art. 13: 3 months' publicity for those), so still public and past its 3-month minimum.
      amount: 5000,
    });
    const applied = await fed.query(
      `mutation($in: ApplyForCreditRepairInput!) { applyForCreditRepair(input: $in) { id } }`,
      {
        in: {
          subjectId: org,
          recordId: marketRecord,
          reason: "罚款已缴清，已整改",
          commitment: "一年内不再发生同类违法行为",
          materials: REPAIR_MATERIALS,
          penaltyFulfilled: true,
          harmRemoved: true,
        },
      },
      { sub: "applicant", scopes: ["repair:apply"], subjects: [org] },
    );
    expect(applied.body.errors, JSON.stringify(applied.body.errors)).toBeUndefined();
    applicationId = applied.body.data.applyForCreditRepair.id;
    // The queue is the department's own: the tax bureau does not see the market's application; an analyst has no queue.
    const QUEUE = `{ repairQueue(status: PENDING, first: 100) { nodes { id department } } }`;
    const taxQueue = await fed.query(QUEUE, {}, { scopes: ["dept:tax"] });
    expect(taxQueue.body.errors).toBeUndefined();
    expect(taxQueue.body.data.repairQueue.nodes.map((n: { id: string }) => n.id)).not.toContain(applicationId);
    const marketQueue = await fed.query(QUEUE, {}, { scopes: ["dept:market"] });
    expect(marketQueue.body.data.repairQueue.nodes.map((n: { id: string }) => n.id)).toContain(applicationId);
    expect(new Set(marketQueue.body.data.repairQueue.nodes.map((n: { department: string }) => n.department))).toEqual(new Set(["market"]));
    expect((await fed.query(QUEUE, {}, { scopes: ["profile:read"] })).body.errors?.[0].extensions.code).toMatch(/FORBIDDEN|UNAUTHORIZED/);

    const page = await signedIn("market", "review");
    const card = page.locator(`article[data-application="${applicationId}"]`);
    expect(await card.locator("[data-material]").count()).toBe(REPAIR_MATERIALS.length);
    expect(await card.textContent()).toContain("罚款缴纳凭证");
    // Each material opens from the gateway's download route with the reviewer's token.
    const material = await downloaded(page, () => card.locator('[data-material="APPLICATION_FORM"] button').click());
    expect(material.bytes.equals(Buffer.from(REPAIR_MATERIALS.find((m) => m.type === "APPLICATION_FORM")!.contentBase64, "base64"))).toBe(true);
    await expectAccessible(page, "review");
    await screenshots(page, "market", "review", "repair-review");
    // A decision without a reason is said on the reason field, in Chinese.
    await card.locator('button[data-decide="approve"]').click();
    expect(await page.textContent(`#d-${applicationId}-reason-error`)).toBe("理由：应为 1–500 个字符");
    await card.locator("textarea").fill("材料齐全，罚款已缴清，同意修复");
    await card.locator('button[data-decide="approve"]').click();
    await page.waitForSelector("#rv-notice");
    expect(await page.locator(`article[data-application="${applicationId}"]`).count()).toBe(0); // no longer pending
    const record = await fed.query(`query($id: ID!) { subject(id: $id) { market { records { id status closureBasis } } } }`, { id: org }, ANALYST);
    expect(record.body.data.subject.market.records.find((r: any) => r.id === marketRecord)).toMatchObject({ status: "REPAIRED" });
    // …and the department's own page shows it so.
    await page.click("#nav-records");
    await page.waitForSelector('main[data-ready="records"]');
    await page.fill("#d-q", org);
    await page.click("#d-apply");
    await page.waitForSelector(`tr[data-record="${marketRecord}"]`);
    expect(await page.getAttribute(`tr[data-record="${marketRecord}"] td[data-status]`, "data-status")).toBe("REPAIRED");
    await page.close();
  });

  it("the auditor finds the approval with the record's status before and after", async () => {
    const page = await signedIn("auditor", "audit");
    await page.fill("#au-recordId", marketRecord);
    await page.click("#au-apply");
    const change = await page.waitForSelector(`table.changes[data-change="${marketRecord}"][data-action="REPAIR"]`);
    // The status as a reader knows it (公示中 → 已修复), its code kept for machines; fen as yuan, times in Beijing time.
    expect(await change.$eval('tr[data-field="status"] td[data-before]', (td) => [td.textContent, td.getAttribute("data-before")])).toEqual([
      "公示中",
      "ACTIVE",
    ]);
    expect(await change.$eval('tr[data-field="status"] td[data-after]', (td) => [td.textContent, td.getAttribute("data-after")])).toEqual([
      "已修复",
      "REPAIRED",
    ]);
    expect(await change.$eval('tr[data-field="status"] th', (th) => th.textContent)).toBe("状态 *");
    expect(await change.$eval('tr[data-field="updated_at"] td[data-after]', (td) => td.textContent)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d（北京时间）$/);
    // The credit office's own tables read the same way: the repair application's decision and the commitment it made, columns named, codes by their labels.
    const cell = (selector: string) => page.$eval(selector, (c) => [c.textContent, c.getAttribute("data-after")]);
    const decision = 'table.changes[data-action="DECIDE"]';
    expect(await cell(`${decision} tr[data-field="status"] td[data-after]`)).toEqual(["审核通过，办理中", "APPROVING"]);
    expect(await page.$eval(`${decision} tr[data-field="decided_by"] th`, (th) => th.textContent)).toBe("审核人 *");
    expect(await page.$eval(`${decision} caption`, (c) => c.textContent)).toContain("信用修复申请");
    expect(await cell('table.changes tr[data-field="source"] td[data-after]')).toEqual(["信用修复承诺", "REPAIR"]);
    expect(await cell('table.changes:has(tr[data-field="source"]) tr[data-field="department"] td[data-after]')).toEqual(["市市场监管局", "market"]);
    expect(await cell('table.changes tr[data-field="fulfilment"] td[data-after]')).toEqual(["未到期", "PENDING"]);
    // Field, before, after: the same widths in every change's table.
    const widths = await page.$$eval("table.changes", (tables) =>
      tables.map((t) => [...t.querySelectorAll("thead th")].map((th) => Math.round(th.getBoundingClientRect().width)).join(" ")),
    );
    expect(widths.length).toBeGreaterThan(3);
    expect(new Set(widths).size, widths.join(" | ")).toBe(1);
    const file = await downloaded(page, () => page.click("#au-csv"));
    const text = file.bytes.toString("utf8");
    expect(text).toContain(marketRecord);
    expect(text).toContain("REPAIRED");
    await expectAccessible(page, "audit");
    await screenshots(page, "auditor", "audit", "audit");
    await page.close();
  });
});

describe("the credit office", () => {
  it("issues a special report and downloads its PDF, whose text has the report's number", async () => {
    const page = await signedIn("credit-office", "reports");
    await page.fill("#rp-subjectId", org);
    await page.fill("#rp-purpose", "投标");
    await page.click("#rp-issue");
    const shown = await page.waitForSelector("[data-report-ready]", { timeout: 60_000 });
    const number = (await shown.getAttribute("data-report-ready"))!;
    expect(number.length).toBeGreaterThan(6);
    const pdf = await downloaded(page, () => page.click("#rp-pdf"));
    expect(pdf.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const text = execFileSync("pdftotext", [path.join(ARTIFACTS, pdf.name), "-"]).toString();
    expect(text).toContain(number);
    // The report is among the earlier ones, and opens again by its number.
    expect(await page.getAttribute(`[data-open-report="${number}"]`, "data-open-report")).toBe(number);
    await expectAccessible(page, "reports");
    await screenshots(page, "credit-office", "reports", "reports");
    await page.close();
  });
});

describe("the applicant", () => {
  it("applying too early is told the earliest date the API gives", async () => {
    const decidedOn = addMonths(today, -1);
    const recordId = await recordVia("dept:tax", "recordTaxViolation", "RecordTaxViolationInput", {
      documentNo: `税罚〔2026〕${++serial}号`,
      category: "LATE_FILING",
      severity: "GENERAL",
      description: "逾期申报",
      decidedOn,
      amount: 200,
    });
    // Another firm's records are not the applicant's to read.
    const other = await fed.query(
      `query($id: ID!) { repairableRecords(subjectId: $id) { id } }`,
      { id: "91330500MA2B00000X" },
      {
        sub: "applicant",
        scopes: ["repair:apply"],
        subjects: [org],
      },
    );
    expect(other.body.errors?.[0].extensions.code).toMatch(/FORBIDDEN|BAD_USER_INPUT/);
    const page = await signedIn("applicant", "repair");
    await page.waitForSelector(`tr[data-record="${recordId}"]`);
    await page.selectOption("#a-recordId", recordId);
    await page.fill("#a-reason", "罚款已缴清");
    await page.fill("#a-commitment", "一年内不再发生同类违法行为");
    for (const m of REPAIR_MATERIALS)
      await page.setInputFiles(`#a-file-${m.type}`, { name: m.fileName, mimeType: m.mimeType, buffer: Buffer.from(m.contentBase64, "base64") });
    const uploaded = page.waitForResponse((r) => r.url().endsWith("/repair-materials") && r.request().method() === "POST");
    await page.click("#a-submit");
    const note = await page.waitForSelector("#a-too-early");
    expect((await uploaded).status()).toBe(201);
    const api = await fed.query(
      `mutation($in: ApplyForCreditRepairInput!) { applyForCreditRepair(input: $in) { id } }`,
      { in: { subjectId: org, recordId, reason: "罚款已缴清", commitment: "一年内不再发生同类违法行为", materials: REPAIR_MATERIALS } },
      { sub: "applicant", scopes: ["repair:apply"], subjects: [org] },
    );
    const earliest = api.body.errors?.[0].extensions.earliestDate;
    expect(earliest).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await note.getAttribute("data-earliest")).toBe(earliest);
    expect(await note.textContent()).toContain(`最早可于 ${earliest} 申请`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("a-too-early");
    await expectAccessible(page, "applicant");
    await screenshots(page, "applicant", "repair", "applicant");
    await page.close();
  });
});

describe("the dashboard's exports", () => {
  it("a panel's CSV has the API's figures; a chart exports as PNG", async () => {
    const page = await signedIn("dashboard", "dashboard");
    await page.waitForSelector('[data-panel="loans"] [data-export="csv"]');
    const csv = (await downloaded(page, () => page.click('[data-panel="loans"] [data-export="csv"]'))).bytes.toString("utf8");
    const api = (await fed.query(`{ programmeMetrics { loansGranted loanAmount } }`, {}, { scopes: ["metrics:read"] })).body.data.programmeMetrics;
    expect(api.loansGranted).toBeGreaterThan(0);
    expect(csv).toContain(`loansGranted,${api.loansGranted}\r\n`);
    expect(csv).toContain(`loanAmount,${api.loanAmount}\r\n`);
    await page.waitForSelector('[data-panel="scenarios"] [data-export="png"]');
    const scenarios = (await downloaded(page, () => page.click('[data-panel="scenarios"] [data-export="csv"]'))).bytes.toString("utf8");
    const byScenario = (await fed.query(`{ programmeMetrics { byScenario { key uses } } }`, {}, { scopes: ["metrics:read"] })).body.data.programmeMetrics
      .byScenario;
    expect(scenarios.trim().split("\r\n").length).toBe(byScenario.length + 1);
    expect(scenarios).toContain(`,${byScenario[0].uses}\r\n`);
    const png = await downloaded(page, () => page.click('[data-panel="scenarios"] [data-export="png"]'));
    expect(png.bytes.subarray(1, 4).toString()).toBe("PNG");
    await expectAccessible(page, "dashboard with exports");
    await page.close();
  });
});
