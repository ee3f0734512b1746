/**
 * GraphiQL as a newcomer opens it (Chromium at 1366×768, the address `npm start` prints first):
 * the schema loads (docs list Query, no error in the result pane), the example tab of `npm start`
 * is there with the token as a placeholder, the page's Chinese renders in the font it ships, it
 * keeps to its Content-Security-Policy and reaches nothing but the gateway's origin, and the
 * example runs once a real token is pasted. Screenshot in test-artifacts/tooling/.
 */
import { launchChromium } from "../../testing/browser.js";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_HEADERS } from "../../gateway/src/graphiql.js";
import { PROJECT_ROOT } from "../../shared/paths.js";
import { ANALYST, startFederation, type Federation, closeAll } from "../../testing/federation.js";

const ARTIFACTS = path.join(PROJECT_ROOT, "test-artifacts", "tooling");

let fed: Federation;
let browser: Browser;
beforeAll(async () => {
  fed = await startFederation({ subjects: 50 });
  browser = await launchChromium(ARTIFACTS);
}, 120_000);
afterAll(() => closeAll(browser, fed));

describe("GraphiQL at /graphql", () => {
  it("loads the schema, shows the example tab and docs, renders Chinese in its own font, within its CSP", async () => {
    const origin = new URL(fed.gatewayUrl).origin;
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const requested: string[] = [];
    const problems: string[] = [];
    page.on("request", (request) => void requested.push(request.url()));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => void problems.push(error.message));
    const response = await page.goto(fed.gatewayUrl, { waitUntil: "load" });
    const csp = response?.headers()["content-security-policy"] ?? "";
    expect(csp).toMatch(/script-src 'sha256-[^']+'/);
    expect(csp).not.toMatch(/unsafe-eval|https?:/);
    expect(await response?.text()).not.toMatch(/eyJ[\w-]+\.[\w-]+\./); // no live token in the page

    // The example tab, its headers with the placeholder.
    await page.waitForSelector(".graphiql-container", { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector(".graphiql-query-editor")?.textContent?.includes("Profile"), undefined, { timeout: 60_000 });
    expect((await page.textContent(".graphiql-query-editor"))?.replace(/\s/g, " ")).toContain("subject(id: $id)");
    // Monaco renders a tab's lines a frame or more after the tab opens: wait until it shows more
    // than its first line ("{") before reading it.
    const editorText = async (tab: "Variables" | "Headers") => {
      await page.click(`.graphiql-editor-tools button:has-text("${tab}")`);
      const lines = `.monaco-editor[data-uri$="-${tab.toLowerCase()}.json"] .view-lines`;
      await page.waitForFunction((selector) => (document.querySelector(selector)?.querySelectorAll(".view-line").length ?? 0) > 2, lines, {
        timeout: 30_000,
      });
      return (await page.textContent(lines))?.replace(/\s/g, " ");
    };
    expect(await editorText("Headers")).toContain('"Authorization": "Bearer <analyst token from npm start>"');
    expect(JSON.parse(EXAMPLE_HEADERS).Authorization).toBe("Bearer <analyst token from npm start>");
    expect(await editorText("Variables")).toContain('"id": "<example subject ID from npm start>"');

    // The schema loaded: the docs explorer lists Query, the result pane shows no error.
    await page.click('button[aria-label="Show Documentation Explorer"]');
    await page.waitForSelector(".graphiql-doc-explorer >> text=Query", { timeout: 30_000 });
    expect(await page.textContent(".graphiql-doc-explorer")).toContain("Mutation");
    expect((await page.textContent(".graphiql-response")) ?? "").not.toMatch(/error|failed/i);

    // The title and the example's comments in Chinese, in the font the page ships.
    await page.evaluate(() => {
      const note = document.createElement("p");
      note.id = "font-probe";
      note.textContent = "信易 统一社会信用代码";
      document.querySelector(".graphiql-container")?.append(note);
    });
    const rendered = await page.evaluate(async () => {
      await document.fonts.load('16px "Noto Sans SC"', "信易");
      await document.fonts.ready;
      return document.fonts.check('16px "Noto Sans SC"', "信易");
    });
    expect(rendered).toBe(true);
    expect(requested.some((url) => /\/graphiql\/fonts\/noto-sans-sc-\d+-400-normal\.woff2$/.test(url))).toBe(true);
    await page.evaluate(() => document.querySelector("#font-probe")?.remove());
    await page.screenshot({ path: path.join(ARTIFACTS, "graphiql-1366.png") });

    expect(requested.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith("blob:") && !url.startsWith("data:"))).toEqual([]);
    expect(problems.filter((text) => /Content Security Policy|Refused/i.test(text))).toEqual([]);
    await page.close();
  });

  it("runs the example once a real token and subject are pasted", async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(fed.gatewayUrl);
    await page.waitForFunction(() => document.querySelector(".graphiql-query-editor")?.textContent?.includes("Profile"), undefined, { timeout: 60_000 });
    const subjects = await fed.query(`{ subjects(first: 1, filter: { kind: ORGANIZATION }) { nodes { id name } } }`, undefined, ANALYST);
    const subject = subjects.body.data.subjects.nodes[0];
    const token = await fed.token(["profile:read"], "graphiql-newcomer");
    // As a user would: replace the placeholders in the variables and headers editors, then run.
    const replaceIn = async (tab: "Variables" | "Headers", text: string) => {
      await page.click(`.graphiql-editor-tools button:has-text("${tab}")`);
      await page.click(`.monaco-editor[data-uri$="-${tab.toLowerCase()}.json"] .view-lines`);
      await page.keyboard.press("Control+A");
      await page.keyboard.press("Delete");
      await page.keyboard.insertText(text);
    };
    await replaceIn("Variables", JSON.stringify({ id: subject.id }));
    await replaceIn("Headers", JSON.stringify({ Authorization: `Bearer ${token}`, "X-Purpose": "demo" }));
    await page.click("button.graphiql-execute-button");
    await page.waitForFunction((name) => document.querySelector(".graphiql-response")?.textContent?.includes(name), subject.name, { timeout: 30_000 });
    expect(await page.textContent(".graphiql-response")).toContain('"level"');
    await page.close();
  });
});
