/**
 * Public verification of special credit reports (no token): `GET /verify/<number>` (an HTML page,
 * or JSON with `?format=json` or `Accept: application/json`), `?sha256=<hex>` to compare a PDF's
 * hash, and `POST /verify/<number>` with the PDF itself (application/pdf, streamed: uploads.ts). It
 * asks the credit office's public `verifyCreditReport` through the gateway's own pipeline (audited,
 * rate-limited by the caller's address like any operation): whether the report exists, for whom,
 * when, for what, whether the PDF matches — nothing else. The page, in Chinese with its own font,
 * checks a chosen PDF in the browser (verify-assets.ts); times in Beijing time.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errorBody } from "./errors.js";
import { serveUpload, type UploadRouteOptions } from "./uploads.js";
import { serveVerifyAssets, VERIFY_ASSETS } from "./verify-assets.js";
import { WEB_CSP } from "./web-app.js";
import { formatBeijingTime } from "../../shared/beijing-time.js";
import { isRecord, valueAt } from "../../shared/narrow.js";
import { escapeHtml } from "../../shared/text.js";

const QUERY = `query VerifyCreditReport($number: ID!, $sha: String) {
  verifyCreditReport(number: $number, pdfSha256: $sha) { number found subjectName subjectId issuedAt purpose departments pdfMatches } }`;

/** Runs a GraphQL operation through the gateway's own pipeline, for the request's client. */
export type RunOperation = (request: FastifyRequest, reply: FastifyReply, body: { query: string; variables: Record<string, unknown> }) => Promise<Response>;

interface Verification {
  number: string;
  found: boolean;
  subjectName: string | null;
  subjectId: string | null;
  issuedAt: string | null;
  purpose: string | null;
  departments: number | null;
  pdfMatches: boolean | null;
}

/** The verifyCreditReport the query asks for, as the credit office answers it. */
const isVerification = (v: unknown): v is Verification =>
  isRecord(v) &&
  typeof v.number === "string" &&
  typeof v.found === "boolean" &&
  [v.subjectName, v.subjectId, v.issuedAt, v.purpose].every((s) => s === null || typeof s === "string") &&
  (v.departments === null || typeof v.departments === "number") &&
  (v.pdfMatches === null || typeof v.pdfMatches === "boolean");

function page(v: Verification, publicUrl: string): string {
  const e = escapeHtml;
  const link = `${publicUrl}/verify/${v.number}`;
  const rows = v.found
    ? [
        ["报告编号", v.number],
        ["主体名称", v.subjectName ?? ""],
        ["统一社会信用代码", v.subjectId ?? ""],
        ["出具时间", v.issuedAt ? `${formatBeijingTime(v.issuedAt)}（北京时间）` : ""],
        ["报告用途", v.purpose ?? ""],
        ["读取的部门数", String(v.departments ?? "")],
      ]
    : [["报告编号", v.number]];
  const verdict =
    v.pdfMatches === null
      ? ""
      : v.pdfMatches
        ? `<p class="verdict-ok">PDF 核验：一致，与平台存档的报告原件相同。</p>`
        : `<p class="verdict-bad">PDF 核验：不一致，此 PDF 不是平台出具的原件。</p>`;
  const checks = `<section aria-labelledby="pdf-heading"><h2 id="pdf-heading">核验 PDF 原件</h2>
<form id="pdf-check" data-number="${e(v.number)}"><p>选择收到的报告 PDF：文件只在本浏览器中计算摘要（SHA-256），不会上传。</p>
<input id="pdf-file" name="pdf" type="file" accept="application/pdf,.pdf" class="file-input"><label for="pdf-file" class="file-button">选择 PDF 文件…</label> <span id="pdf-name"></span></form>
<p id="pdf-result" role="status" aria-live="polite"></p><p id="pdf-sha"></p></section>
<details><summary>其他核验方式</summary>
<form method="get"><label for="sha256">PDF 的 SHA-256</label> <input id="sha256" name="sha256" type="text" size="64" pattern="[0-9a-fA-F]{64}"> <button type="submit">核验</button></form>
<p>命令行：<code>curl --data-binary @报告.pdf -H "content-type: application/pdf" ${e(link)}</code></p></details>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>专项信用报告核验</title><link rel="stylesheet" href="${VERIFY_ASSETS}verify.css"><script src="${VERIFY_ASSETS}verify.js" defer></script></head>
<body><main><h1>专项信用报告核验</h1><p>${v.found ? "该报告由平台出具，信息如下。" : "未找到该编号的报告。"}</p>
<table>${rows.map(([k, val]) => `<tr><th scope="row">${e(k)}</th><td>${e(val)}</td></tr>`).join("")}</table>
${verdict}${v.found ? checks : ""}</main></body></html>`;
}

/** `publicUrl`: the origin people reach the platform at (XINYI_PUBLIC_URL), for the page's upload command; never the request's Host. */
export function serveReportVerification(
  app: FastifyInstance,
  run: RunOperation,
  uploads: Omit<UploadRouteOptions, "url" | "contentTypes" | "handler">,
  publicUrl: string,
): void {
  serveVerifyAssets(app);
  const answer = async (request: FastifyRequest<{ Params: { number: string } }>, reply: FastifyReply, sha: string | undefined, json: boolean) => {
    const response = await run(request, reply, { query: QUERY, variables: { number: request.params.number, sha } });
    const body: unknown = await response.json();
    const v = valueAt(body, "data", "verifyCreditReport");
    if (!isVerification(v)) {
      const errors = valueAt(body, "errors");
      return reply.code(response.status === 200 ? 400 : response.status).send(errors ? { errors } : errorBody("BAD_REQUEST", "Cannot verify"));
    }
    reply.code(v.found ? 200 : 404);
    if (json) return reply.send(v);
    return reply.header("content-security-policy", WEB_CSP).type("text/html; charset=utf-8").send(page(v, publicUrl));
  };
  app.get<{ Params: { number: string }; Querystring: { sha256?: string; format?: string } }>("/verify/:number", (request, reply) =>
    answer(request, reply, request.query.sha256 || undefined, request.query.format === "json" || /application\/json/.test(request.headers.accept ?? "")),
  );
  // The PDF itself, streamed through SHA-256 (uploads.ts): never held in memory, refused before it is read when over a limit.
  serveUpload<{ number: string }>(app, {
    ...uploads,
    url: "/verify/:number",
    contentTypes: ["application/pdf"],
    handler: (request, reply, upload) =>
      upload.sniffed === "application/pdf"
        ? answer(request, reply, upload.sha256, true)
        : reply.code(415).send(errorBody("UNSUPPORTED_MEDIA_TYPE", "The file is not a PDF (it does not start with %PDF-)")),
  });
}
