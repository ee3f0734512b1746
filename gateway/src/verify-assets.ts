/**
 * What the public verification page (/verify/<number>) loads from our origin, under the web app's
 * strict Content-Security-Policy (script-src 'self', font-src 'self'; no inline script):
 *
 * - its font: Noto Sans SC from @fontsource (Unicode-range subsets: the browser fetches only the
 *   ones the page's characters need), so Chinese shows on a machine without CJK fonts;
 * - its style sheet;
 * - its script: the chosen PDF is hashed in the page (SubtleCrypto SHA-256) and only the hash is
 *   asked about (`?format=json&sha256=`): the file never leaves the browser. Where SubtleCrypto is
 *   missing (an http:// page not on localhost), the PDF is POSTed to /verify/<number> within the
 *   upload limits instead.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { errorBody } from "./errors.js";

export const VERIFY_ASSETS = "/verify/assets/";
const FONT_FILE = /^noto-sans-sc-\d+-(400|700)-normal\.woff2$/;

const PAGE_STYLE = `body{font-family:"Noto Sans SC",sans-serif;color:#1a1a1f;max-width:720px;margin:24px auto;padding:0 16px;line-height:1.6}
h1{font-size:24px;font-weight:700}table{border-collapse:collapse;margin:12px 0}th,td{border-bottom:1px solid #ddd;padding:6px 12px 6px 0;text-align:left;vertical-align:top}
th{font-weight:400;color:#555;white-space:nowrap}td{overflow-wrap:anywhere}section{margin:20px 0;padding:12px 16px;border:1px solid #ccd;border-radius:6px}
h2{font-size:17px;margin:0 0 8px}label{display:block;margin-bottom:6px}#pdf-result{font-weight:700;margin:8px 0 0}
#pdf-result[data-state="match"]{color:#146c2e}#pdf-result[data-state="mismatch"],#pdf-result[data-state="error"]{color:#b3261e}
#pdf-sha{font-size:12px;color:#555;overflow-wrap:anywhere;margin:4px 0 0}.verdict-ok{color:#146c2e;font-weight:700}.verdict-bad{color:#b3261e;font-weight:700}
code{overflow-wrap:anywhere;font-size:12px}.file-input{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.file-button{display:inline-block;padding:6px 14px;border:1px solid #1f4e9c;border-radius:4px;color:#1f4e9c;background:#f3f6fc;cursor:pointer}
.file-input:focus-visible+.file-button{outline:2px solid #1f4e9c;outline-offset:2px}#pdf-name{color:#555;overflow-wrap:anywhere}input[type=text]{max-width:100%}details{margin-top:12px;color:#555}`;

const PAGE_SCRIPT = `(() => {
  const form = document.getElementById("pdf-check");
  if (!form) return;
  const input = document.getElementById("pdf-file");
  const result = document.getElementById("pdf-result");
  const shaLine = document.getElementById("pdf-sha");
  const nameLine = document.getElementById("pdf-name");
  const url = "/verify/" + encodeURIComponent(form.dataset.number);
  const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
  const show = (text, state) => {
    result.textContent = text;
    result.dataset.state = state;
  };
  const ask = async (file) => {
    if (window.crypto && window.crypto.subtle) {
      const sha = hex(await window.crypto.subtle.digest("SHA-256", await file.arrayBuffer()));
      shaLine.textContent = "此文件的 SHA-256：" + sha;
      const response = await fetch(url + "?format=json&sha256=" + sha, { headers: { accept: "application/json" } });
      return response.json();
    }
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/pdf" }, body: file });
    return response.json();
  };
  const check = async () => {
    const file = input.files && input.files[0];
    if (!file) return;
    show("正在核验…", "pending");
    shaLine.textContent = "";
    nameLine.textContent = file.name;
    try {
      const answer = await ask(file);
      if (answer.pdfMatches === true) show("一致：此 PDF 与平台存档的报告原件相同。", "match");
      else if (answer.pdfMatches === false) show("不一致：此 PDF 不是平台出具的原件，可能被修改过。", "mismatch");
      else {
        const code = answer.errors && answer.errors[0] && answer.errors[0].extensions && answer.errors[0].extensions.code;
        show("无法核验，请稍后再试" + (code ? "（错误代码：" + code + "）" : "") + "。", "error");
      }
    } catch {
      show("无法核验：文件读取或网络出错，请稍后再试。", "error");
    }
  };
  input.addEventListener("change", check);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void check();
  });
})();
`;

/** @fontsource's @font-face rules with their files under our origin (WOFF2 only: every browser we serve reads it). */
function fontFaces(css: string): string {
  return css.replaceAll(
    /url\(\.\/files\/([\w-]+)\.woff2\) format\('woff2'\), url\(\.\/files\/[\w-]+\.woff\) format\('woff'\)/g,
    (_, name) => `url(${VERIFY_ASSETS}fonts/${name}.woff2) format('woff2')`,
  );
}

/** Serves the verification page's style sheet (with its fonts), its script and the font files. */
export function serveVerifyAssets(app: FastifyInstance): void {
  const require = createRequire(import.meta.url);
  const css400 = require.resolve("@fontsource/noto-sans-sc/400.css");
  const fontDir = path.join(path.dirname(css400), "files");
  let styleSheet: string | undefined;
  const cached = "public, max-age=86400";
  app.get(`${VERIFY_ASSETS}verify.css`, (_request, reply) => {
    styleSheet ??= `${fontFaces(fs.readFileSync(css400, "utf8"))}\n${fontFaces(fs.readFileSync(require.resolve("@fontsource/noto-sans-sc/700.css"), "utf8"))}\n${PAGE_STYLE}`;
    return reply.header("cache-control", cached).type("text/css; charset=utf-8").send(styleSheet);
  });
  app.get(`${VERIFY_ASSETS}verify.js`, (_request, reply) => reply.header("cache-control", cached).type("text/javascript; charset=utf-8").send(PAGE_SCRIPT));
  app.get<{ Params: { file: string } }>(`${VERIFY_ASSETS}fonts/:file`, (request, reply) => {
    const { file } = request.params;
    if (!FONT_FILE.test(file) || !fs.existsSync(path.join(fontDir, file))) return reply.code(404).send(errorBody("ROUTE_NOT_FOUND", `No font ${file}`));
    return reply
      .header("content-type", "font/woff2")
      .header("cache-control", cached)
      .header("x-content-type-options", "nosniff")
      .send(fs.createReadStream(path.join(fontDir, file)));
  });
}
