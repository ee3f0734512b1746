/**
 * 我的信用 in a real browser (Debian's Chromium via playwright-core) against the real gateway
 * (trusted documents required): the demo resident signs in through the OpenID provider's login
 * page and reads its own code colour and reasons, its name unmasked; screenshot in
 * test-artifacts/web/self/.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../shared/paths.js";
import { launchChromium, signInThroughProvider } from "../../testing/browser.js";
import { ANALYST, startFederation, type Federation, closeAll } from "../../testing/federation.js";
import { buildProvider, freePort, type OidcProcess, startOidcProvider } from "../../testing/oidc.js";

const ARTIFACTS = path.join(PROJECT_ROOT, "test-artifacts", "web", "self");
let fed: Federation;
let provider: OidcProcess;
let browser: Browser;
let resident: { id: string; name: string; evaluation: { codeColor: string; reasons: { zh: string }[] } };

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, "node_modules/vite/bin/vite.js"), "build", "--config", "web/vite.config.ts"], { cwd: PROJECT_ROOT });
  buildProvider();
  const port = await freePort();
  fed = await startFederation({ subjects: 60, env: { XINYI_TRUSTED_DOCUMENTS: "required", XINYI_OIDC_ISSUER: `http://127.0.0.1:${port}` } });
  const page = await fed.query(
    `{ subjects(first: 60, filter: { kind: PERSON }) { nodes { id name creditCode { status } evaluation { codeColor reasons { zh } } } } }`,
    {},
    ANALYST,
  );
  const persons = page.body.data.subjects.nodes;
  // A registered person with reasons to show (the way npm start picks its resident: a registered 诚信码).
  resident = persons.find((n: any) => n.creditCode.status === "ACTIVE" && n.evaluation.reasons.length > 0) ?? persons[0];
  provider = await startOidcProvider(fed, port, { XINYI_OIDC_RESIDENT_SUBJECT: resident.id });
  browser = await launchChromium(ARTIFACTS);
}, 240_000);

afterAll(() => closeAll(browser, provider, fed));

it("the resident signs in and reads its own colour and reasons, unmasked", async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await signInThroughProvider(page, new URL(fed.gatewayUrl).origin, "resident");
  await page.waitForSelector(`main[data-ready="self"]`, { timeout: 60_000 });
  expect(await page.$$eval("#nav a", (links) => links.map((a) => a.getAttribute("href")))).toEqual(["#/self"]);
  expect(await page.getAttribute("#self-code", "data-grade")).toBe(resident.evaluation.codeColor);
  expect(await page.textContent("#self-who")).toBe(`${resident.name} · ${resident.id}`);
  const reasons = await page.$$eval("#self-reasons li", (items) => items.map((li) => li.textContent ?? ""));
  expect(reasons.length).toBe(resident.evaluation.reasons.length);
  expect(reasons[0]).toContain(resident.evaluation.reasons[0].zh);
  expect(await page.locator("#self-offers li[data-offer]").count()).toBeGreaterThan(0);
  await page.screenshot({ path: path.join(ARTIFACTS, "self-1366.png"), fullPage: true });
  await page.close();
});
