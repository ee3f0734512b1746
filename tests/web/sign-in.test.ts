/**
 * Signing in to the web app as staff do: Chromium (playwright-core) on the app's sign-in page, the
 * embedded OpenID provider's login page (its own process), back with an access token the gateway
 * accepts; the token's expiry and sign-out, which ends the provider's session too. axe-core on both
 * sign-in pages; screenshots at 1366 and 375 px in test-artifacts/web/.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import axe from "axe-core";
import { decodeJwt } from "jose";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../shared/paths.js";
import { launchChromium, signInThroughProvider } from "../../testing/browser.js";
import { closeAll, type Federation } from "../../testing/federation.js";
import { type OidcProcess, startFederationWithProvider } from "../../testing/oidc.js";

const ARTIFACTS = path.join(PROJECT_ROOT, "test-artifacts", "web");

let fed: Federation;
let provider: OidcProcess;
let browser: Browser;
let origin: string;

const ready = (page: Page, view: string) => page.waitForSelector(`main[data-ready="${view}"]`, { timeout: 30_000 });

async function seriousViolations(page: Page, label: string): Promise<string[]> {
  // Through the DevTools protocol: the pages' own CSP (rightly) refuses inline scripts.
  await page.evaluate(axe.source);
  const result = await page.evaluate(async () => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ["violations"] }));
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${label}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Both widths, the page's whole height; nothing wider than the viewport. */
async function screenshots(page: Page, name: string) {
  for (const width of [1366, 375]) {
    await page.setViewportSize({ width, height: width === 375 ? 740 : 768 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width} px`).toBeLessThanOrEqual(width);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

const fontLoaded = (page: Page) =>
  page.evaluate(async () => {
    await document.fonts.ready;
    return document.fonts.check('16px "Noto Sans SC"', "登录账号密码");
  });

const sessionToken = (page: Page) => page.evaluate(() => sessionStorage.getItem("token"));

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  return { context, page: await context.newPage() };
}

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, "node_modules/vite/bin/vite.js"), "build", "--config", "web/vite.config.ts"], { cwd: PROJECT_ROOT });
  ({ fed, provider } = await startFederationWithProvider({ subjects: 200, env: { XINYI_TRUSTED_DOCUMENTS: "required" } }));
  origin = new URL(fed.gatewayUrl).origin;
  browser = await launchChromium(ARTIFACTS);
}, 240_000);

afterAll(() => closeAll(browser, provider, fed));

describe("signing in through the OpenID provider", () => {
  it("the analyst signs in on the provider's login page (a wrong password said in Chinese) and reads a profile with the token it issued", async () => {
    const { context, page } = await newPage();
    await page.goto(`${origin}/dashboard/`);
    await ready(page, "signin");
    expect(await page.textContent("#oidc-sign-in")).toBe("通过统一身份认证登录");
    expect(await seriousViolations(page, "app sign-in")).toEqual([]);
    await screenshots(page, "sign-in-app");

    await page.click("#oidc-sign-in");
    await page.waitForURL(`${provider.issuer}/interaction/**`);
    expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
    expect(await page.textContent("label[for=login]")).toBe("账号");
    expect(await page.textContent("label[for=password]")).toBe("密码");
    expect(await fontLoaded(page)).toBe(true);
    expect(await seriousViolations(page, "provider login")).toEqual([]);
    await screenshots(page, "sign-in-provider");

    await page.fill("#login", "analyst");
    await page.fill("#password", "not-the-password");
    await page.click("form button[type=submit]");
    await page.waitForSelector("#login-error");
    expect(await page.textContent("#login-error")).toBe("账号或密码不正确，请重新输入。");
    expect(await page.getAttribute("#password", "aria-invalid")).toBe("true");
    expect(await page.inputValue("#login")).toBe("analyst");
    expect(await seriousViolations(page, "provider login with an error")).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "sign-in-provider-error-1366.png"), fullPage: true });

    await page.fill("#password", "analyst-demo");
    await page.click("form button[type=submit]");
    await ready(page, "profile");
    // Back at the app: the code is gone from the address; the token is the provider's, for the gateway, with the account's scopes.
    expect(page.url()).toBe(`${origin}/dashboard/`);
    const claims = decodeJwt((await sessionToken(page))!);
    expect(claims).toMatchObject({ iss: provider.issuer, aud: "xinyi-gateway", sub: "demo-analyst", scope: "profile:read pii:read" });

    await page.fill("#purpose", "测试：统一身份认证登录");
    await page.click("form.stack button[type=submit]");
    const org = await fed.query(
      `{ subjects(first: 1, filter: { kind: ORGANIZATION }) { nodes { id name } } }`,
      {},
      { scopes: ["profile:read"], purpose: "test" },
    );
    const subject = org.body.data.subjects.nodes[0];
    await page.fill("#q", subject.id);
    await page.click("form.filters button[type=submit]");
    await page.waitForSelector(`main[data-subject-ready="${subject.id}"]`, { timeout: 30_000 });
    expect(await page.textContent("[data-subject]")).toContain(subject.name);
    await context.close();
  });
});

describe("a token past its expiry", () => {
  it("returns the page to sign-in with the Chinese message, without a request", async () => {
    const { context, page } = await newPage();
    await page.clock.install();
    await signInThroughProvider(page, origin, "dashboard");
    await ready(page, "dashboard");
    const { exp } = decodeJwt((await sessionToken(page))!);
    const asked: string[] = [];
    page.on("request", (request) => void asked.push(request.url()));
    // The browser's clock past the token's expiry (the embedded provider's tokens live 30 minutes).
    await page.clock.fastForward((exp! + 5) * 1000 - (await page.evaluate(() => Date.now())));
    await ready(page, "signin");
    expect(await page.textContent("#signin-error")).toBe("登录已过期，请重新登录。");
    await page.screenshot({ path: path.join(ARTIFACTS, "sign-in-expired-1366.png"), fullPage: true });
    expect(await sessionToken(page)).toBeNull();
    expect(await page.locator("[data-panel]").count()).toBe(0);
    expect(asked.filter((url) => url.endsWith("/graphql"))).toEqual([]);
    await context.close();
  });
});

describe("signing out", () => {
  it("ends the provider's session too: signing in again asks for the password", async () => {
    const { context, page } = await newPage();
    await signInThroughProvider(page, origin, "dashboard");
    await ready(page, "dashboard");
    // While the provider's session lives, a new sign-in passes without the login page (single sign-on)…
    await page.evaluate(() => sessionStorage.removeItem("token"));
    await page.reload();
    await ready(page, "signin");
    await page.click("#oidc-sign-in");
    await page.waitForSelector("main[data-ready]:not([data-ready='signin'])", { timeout: 30_000 });
    expect(decodeJwt((await sessionToken(page))!).sub).toBe("demo-dashboard");

    // …signing out in the app ends it: back on the app's sign-in page, and the provider asks again.
    await page.click("#sign-out");
    await ready(page, "signin");
    expect(page.url()).toBe(`${origin}/dashboard/`);
    expect(await sessionToken(page)).toBeNull();
    await page.click("#oidc-sign-in");
    await page.waitForURL(`${provider.issuer}/interaction/**`);
    expect(await page.locator("#password").count()).toBe(1);
    await context.close();
  });
});
