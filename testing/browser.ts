/** Debian's Chromium for the browser tests, driven by playwright-core (no browser download); signing in through the OpenID provider. */
import fs from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { type DemoLogin, demoPassword } from "../scripts/oidc-provider-accounts.js";

export const CHROMIUM = "/usr/bin/chromium";

/**
 * A headless Chromium without sandbox, network side traffic or first-run work (root, CI); with
 * `artifacts`, the folder the test file's screenshots go to is made first.
 */
export const launchChromium = (artifacts?: string): Promise<Browser> => {
  if (artifacts) fs.mkdirSync(artifacts, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
};

/**
 * Signs in to the web app at `appOrigin` (the gateway's origin) as a demo account, through the
 * embedded OpenID provider's login page, as a person does: the app's 通过统一身份认证登录 button, the
 * provider's 账号 and 密码 fields, back to the app with its first view rendered. A provider session
 * still open in this page's browser context skips the login page (single sign-on).
 */
export async function signInThroughProvider(page: Page, appOrigin: string, login: DemoLogin): Promise<void> {
  if (!page.url().startsWith(`${appOrigin}/dashboard/`)) await page.goto(`${appOrigin}/dashboard/`);
  await page.click("#oidc-sign-in");
  // The provider's login page, or (a provider session still open) the app again at once.
  const first = await Promise.race(
    [
      page.waitForSelector("form[action*='/interaction/'] #login", { timeout: 30_000 }).then(() => "login" as const),
      page.waitForSelector("main[data-ready]:not([data-ready='signin'])", { timeout: 30_000 }).then(() => "app" as const),
    ].map((p) => p.catch(() => "neither" as const)),
  );
  if (first === "login") {
    await page.fill("#login", login);
    await page.fill("#password", demoPassword(login));
    await page.click("form[action*='/interaction/'] button[type=submit]");
  }
  await page.waitForSelector("main[data-ready]:not([data-ready='signin'])", { timeout: 30_000 });
}
