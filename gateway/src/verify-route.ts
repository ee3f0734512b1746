/**
 * Public verification of special credit reports (no token): `GET /verify/<number>` (an HTML page,
 * or JSON with `?format=json` or `Accept: application/json`), `?sha256=<hex>` to compare a PDF's
 * hash, and `POST /verify/<number>` with the PDF itself (application/pdf, streamed: uploads.ts). It
 * asks the credit office's public `verifyCreditReport` through the gateway's own pipeline (audited,
 * rate-limited by the caller's address like any operation): whether the report exists, for whom,
 * when, for what, whether the PDF matches — nothing else.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errorBody } from "./errors.js";
import { serveUpload, type UploadRouteOptions } from "./uploads.js";
import { WEB_CSP } from "./web-app.js";
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

function page(v: Verification, publicUrl: string): string {
  const rows = v.found
    ? [
        ["报告编号", v.number],
        ["主体名称", v.subjectName ?? ""],
        ["统一社会信用代码", v.subjectId ?? ""],
        ["出具时间", v.issuedAt ?? ""],
        ["用途", v.purpose ?? ""],
        ["覆盖部门（替代证明份数）", String(v.departments ?? "")],
        ...(v.pdfMatches === null ? [] : [["PDF 核验", v.pdfMatches ? "一致：与平台存档的报告相同" : "不一致：此 PDF 不是平台出具的原件"]]),
      ]
    : [["报告编号", v.number]];
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>专项信用报告核验</title><style>body{font-family:"Noto Sans SC",sans-serif;max-width:720px;margin:24px auto;padding:0 12px;line-height:1.6}th{text-align:left;padding-right:12px}</style></head>
<body><main><h1>专项信用报告核验</h1><p>${v.found ? "该报告由平台出具。" : "未找到该编号的报告。"}</p>
<table>${rows.map(([k, val]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(val)}</td></tr>`).join("")}</table>
${
  v.found
    ? `<form method="get"><label for="sha256">PDF 的 SHA-256</label> <input id="sha256" name="sha256" size="64" pattern="[0-9a-fA-F]{64}"> <button type="submit">核验</button></form>
<p>或上传 PDF：<code>curl --data-binary @报告.pdf -H "content-type: application/pdf" ${escapeHtml(`${publicUrl}/verify/${v.number}`)}</code></p>`
    : ""
}</main></body></html>`;
}

/** `publicUrl`: the origin people reach the platform at (XINYI_PUBLIC_URL), for the page's upload command; never the request's Host. */
export function serveReportVerification(
  app: FastifyInstance,
  run: RunOperation,
  uploads: Omit<UploadRouteOptions, "url" | "contentTypes" | "handler">,
  publicUrl: string,
): void {
  const answer = async (request: FastifyRequest<{ Params: { number: string } }>, reply: FastifyReply, sha: string | undefined, json: boolean) => {
    const response = await run(request, reply, { query: QUERY, variables: { number: request.params.number, sha } });
    const body = (await response.json()) as {
      data?: { verifyCreditReport: Verification | null };
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const v = body.data?.verifyCreditReport;
    if (!v)
      return reply
        .code(response.status === 200 ? 400 : response.status)
        .send(body.errors ? { errors: body.errors } : errorBody("BAD_REQUEST", "Cannot verify"));
    reply.code(v.found ? 200 : 404);
    if (json) return reply.send(v);
    return reply.header("content-security-policy", WEB_CSP).type("text/html; charset=utf-8").send(page(v, publicUrl));
  };
  app.get<{ Params: { number: string }; Querystring: { sha256?: string; format?: string } }>("/verify/:number", (request, reply) =>
    answer(request, reply, request.query.sha256 || undefined, request.query.format === "json" || /application\/json/.test(request.headers.accept ?? "")),
  );
  // The PDF itself, streamed through SHA-256 (uploads.ts): never held in memory, refused before it is read when over a limit.
  serveUpload(app, {
    ...uploads,
    url: "/verify/:number",
    contentTypes: ["application/pdf"],
    handler: (request, reply, upload) =>
      upload.sniffed === "application/pdf"
        ? answer(request as FastifyRequest<{ Params: { number: string } }>, reply, upload.sha256, true)
        : reply.code(415).send(errorBody("UNSUPPORTED_MEDIA_TYPE", "The file is not a PDF (it does not start with %PDF-)")),
  });
}
