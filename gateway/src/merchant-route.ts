/**
 * Public merchant code pages (爱山商圈 "主动亮信、扫码查信"), no token: `GET /merchant/<USCC>` — an HTML
 * page in Chinese with English beside, in the verification page's own font (verify-assets.ts) under
 * the web app's strict CSP — or its JSON form (`/merchant/<USCC>.json`, `?format=json` or `Accept:
 * application/json`) for apps. Only for an organisation that chose to show it (`setMerchantCode`):
 * its name, level band and the red/black lists it is on today, the time they were read, and a QR
 * code of the page's public address (XINYI_PUBLIC_URL, never the request's Host) to print.
 *
 * Everything else — an organisation that does not show its page, an unknown or malformed USCC, a
 * person's ID — gets one and the same 404, byte for byte (no oracle). Each client address may ask
 * MERCHANT_PAGES_PER_IP_PER_MINUTE pages a minute (the gateway's rate windows, shared by its
 * workers); the credit office keeps a page's content MERCHANT_CACHE_SECONDS, and shared caches may
 * keep the answer as long (Cache-Control). The question runs through the gateway's own pipeline as
 * the public `merchantCode` (audited, with the operation limits of an anonymous caller).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import QRCode from "qrcode";
import { formatBeijingTime } from "../../shared/beijing-time.js";
import { parseSubjectId } from "../../shared/ids.js";
import { isKeyOf, isRecord, listAt, valueAt } from "../../shared/narrow.js";
import { CREDIT_LEVEL, CREDIT_LIST, LIST_COLOR, type Label } from "../../shared/labels.js";
import { escapeHtml } from "../../shared/text.js";
import { errorBody } from "./errors.js";
import type { GatewayState } from "./shared-state.js";
import { VERIFY_ASSETS } from "./verify-assets.js";
import type { RunOperation } from "./verify-route.js";
import { WEB_CSP } from "./web-app.js";

/** How long shared caches may keep an answer: as long as the credit office keeps a page's content (subgraphs/credit/codes/merchant-view.ts). */
const MERCHANT_CACHE_SECONDS = 60;

/** Pages one client address may ask for in a minute. */
export const MERCHANT_PAGES_PER_IP_PER_MINUTE = 120;

const QUERY = `query MerchantCode($id: ID!) { merchantCode(subjectId: $id) { name level lists { list color } asOf } }`;

interface MerchantCode {
  name: string;
  level: keyof typeof CREDIT_LEVEL | null;
  lists: { list: keyof typeof CREDIT_LIST; color: keyof typeof LIST_COLOR }[];
  asOf: string;
}

/** The merchantCode the query asks for, as the credit office answers it. */
const isMerchantCode = (m: unknown): m is MerchantCode =>
  isRecord(m) &&
  typeof m.name === "string" &&
  typeof m.asOf === "string" &&
  (m.level === null || isKeyOf(CREDIT_LEVEL, m.level)) &&
  Array.isArray(m.lists) &&
  m.lists.every((l) => isKeyOf(CREDIT_LIST, valueAt(l, "list")) && isKeyOf(LIST_COLOR, valueAt(l, "color")));

const both = ([zh, en]: Label) => `${escapeHtml(zh)} <span lang="en">${escapeHtml(en)}</span>`;

const STYLE = `<style>.name{font-size:22px;font-weight:700;margin:4px 0 12px}.level{font-weight:700}.level-EXCELLENT,.level-GOOD{color:#146c2e}
.level-POOR,.black{color:#b3261e}.red{color:#b3261e;font-weight:700}.black{font-weight:700}[lang=en]{color:#555;font-size:.9em}
figure{margin:20px 0;text-align:center}figure svg{width:220px;height:220px}figcaption{font-size:13px;color:#555;overflow-wrap:anywhere}
th{white-space:normal}th [lang=en]{display:block}.note{font-size:13px;color:#555}@media print{.note{display:none}figure svg{width:320px;height:320px}}</style>`;

const shell = (title: string, body: string) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="stylesheet" href="${VERIFY_ASSETS}verify.css">${STYLE}</head><body><main>${body}</main></body></html>`;

/** The one answer for every address that is not a shown merchant page. */
const NOT_FOUND_HTML = shell(
  "商户信用信息 Merchant credit",
  `<h1>商户信用信息 <span lang="en">Merchant credit</span></h1><p>此地址没有公开的商户信用信息。</p><p lang="en">No public merchant credit page at this address.</p>`,
);
const NOT_FOUND_JSON = errorBody("NOT_FOUND", "No public merchant credit page at this address");

function page(m: MerchantCode, url: string, qrSvg: string): string {
  const level = m.level ? `<span class="level level-${m.level}">${both(CREDIT_LEVEL[m.level])}</span>` : both(["暂无（评价暂不完整）", "Not available now"]);
  const lists =
    m.lists.length === 0
      ? both(["未列入红黑名单", "On no red or black list"])
      : m.lists.map((l) => `<div class="${l.color.toLowerCase()}">${both(LIST_COLOR[l.color])}：${both(CREDIT_LIST[l.list])}</div>`).join("");
  return shell(
    `${escapeHtml(m.name)} — 商户信用信息`,
    `<h1>商户信用信息 <span lang="en">Merchant credit</span></h1><p class="name">${escapeHtml(m.name)}</p>
<table><tr><th scope="row">${both(["公共信用评价等级", "Public credit level"])}</th><td>${level}</td></tr>
<tr><th scope="row">${both(["红黑名单", "Red/black lists"])}</th><td>${lists}</td></tr>
<tr><th scope="row">${both(["数据时间", "As of"])}</th><td>${escapeHtml(formatBeijingTime(m.asOf))}（北京时间 <span lang="en">Beijing time</span>）</td></tr></table>
<figure>${qrSvg}<figcaption>扫码查信 <span lang="en">Scan to check</span><br>${escapeHtml(url)}</figcaption></figure>
<p class="note">本页由商户自愿公开，只显示名称、公共信用评价等级和红黑名单状态；等级来自平台的实时评价。<span lang="en">Shown at the merchant's choice: its name, public credit level and red/black list status only, from the platform's live evaluation.</span></p>`,
  );
}

/** QR codes already drawn, by URL (only shown merchants' pages get here; at most 1,000 kept). */
const qrCodes = new Map<string, Promise<string>>();
function qrOf(url: string): Promise<string> {
  let svg = qrCodes.get(url);
  if (!svg) {
    svg = QRCode.toString(url, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
    if (qrCodes.size >= 1000) qrCodes.delete(qrCodes.keys().next().value!);
    qrCodes.set(url, svg);
    svg.catch(() => qrCodes.delete(url));
  }
  return svg;
}

export interface MerchantRouteOptions {
  run: RunOperation;
  state: Pick<GatewayState, "hit">;
  /** The origin people reach the platform at (XINYI_PUBLIC_URL): the QR code's and the page's address. */
  publicUrl: string;
}

export function serveMerchantCodes(app: FastifyInstance, { run, state, publicUrl }: MerchantRouteOptions): void {
  const cached = `public, max-age=${MERCHANT_CACHE_SECONDS}`;
  const send = (reply: FastifyReply, status: number, json: boolean, body: unknown, cache: string) => {
    reply.code(status).header("cache-control", cache).header("vary", "Accept").header("x-content-type-options", "nosniff");
    return json ? reply.send(body) : reply.header("content-security-policy", WEB_CSP).type("text/html; charset=utf-8").send(body);
  };
  const notFound = (reply: FastifyReply, json: boolean) => send(reply, 404, json, json ? NOT_FOUND_JSON : NOT_FOUND_HTML, cached);
  /** A refusal for now (429, 503): coded JSON, or a short page saying it in both languages; never cached. */
  const notNow = (reply: FastifyReply, json: boolean, status: 429 | 503, zh: string, en: string) =>
    send(
      reply,
      status,
      json,
      json ? errorBody(status === 429 ? "RATE_LIMITED" : "SERVICE_UNAVAILABLE", en) : shell("请稍后再试", `<p>${zh}</p><p lang="en">${en}.</p>`),
      "no-store",
    );

  app.get<{ Params: { code: string }; Querystring: { format?: string } }>("/merchant/:code", async (request, reply) => {
    const raw = request.params.code;
    const json = raw.endsWith(".json") || request.query.format === "json" || /application\/json/.test(request.headers.accept ?? "");
    const retry = await state.hit("operations", `merchant:${request.ip}`, 1, MERCHANT_PAGES_PER_IP_PER_MINUTE, Date.now());
    if (retry !== undefined) {
      reply.header("retry-after", String(retry));
      const en = `At most ${MERCHANT_PAGES_PER_IP_PER_MINUTE} merchant pages a minute from one address; retry in ${retry} s`;
      return notNow(reply, json, 429, `请求过于频繁，请 ${retry} 秒后再试。`, en);
    }
    const uscc = raw.replace(/\.json$/, "");
    // Only a canonical USCC is ever a page: anything else is not found without a question asked.
    const parsed = parseSubjectId(uscc);
    if (!parsed.ok || parsed.value.kind !== "ORGANIZATION" || parsed.value.id !== uscc) return notFound(reply, json);
    const answer = await answerOf(run, request, reply, uscc);
    if (answer === "unavailable") return notNow(reply, json, 503, "暂时无法显示，请稍后再试。", "The merchant's page cannot be read now; retry shortly");
    if (!answer) return notFound(reply, json);
    const url = `${publicUrl}/merchant/${uscc}`;
    if (json) return send(reply, 200, true, { name: answer.name, level: answer.level, lists: answer.lists, asOf: answer.asOf }, cached);
    return send(reply, 200, false, page(answer, url, await qrOf(url)), cached);
  });
}

/** The public `merchantCode` through the gateway's pipeline, as the request's anonymous client. */
async function answerOf(run: RunOperation, request: FastifyRequest, reply: FastifyReply, uscc: string): Promise<MerchantCode | null | "unavailable"> {
  const response = await run(request, reply, { query: QUERY, variables: { id: uscc } });
  const body: unknown = await response.json();
  if (listAt(body, "errors").length || !valueAt(body, "data")) return "unavailable";
  const code = valueAt(body, "data", "merchantCode");
  return code === null ? null : isMerchantCode(code) ? code : "unavailable";
}
