/**
 * 我的信用 / My credit: a subject signed in as itself (`self:read`, its token's `self` claim) reads
 * its own profile — its code colour (a person) or level (a firm) with the reasons, its records in
 * every department, the 信易+ offers with their conditions, its repair applications and, for a
 * firm, its special credit reports. One document (SELF_PROFILE); the gateway answers it only for
 * the token's own subject (gateway/src/self-access.ts), unmasked for it.
 */
import { categoryLabel, PROFILE_DEPARTMENTS, type ProfileField } from "../../../shared/departments.js";
import { DEPARTMENTS, ELIGIBILITY, GRADES, label, pick, RECORD_STATUSES, t } from "../i18n.js";
import { el, errorNote } from "../ui.js";
import { send, tokenClaims, viewTitle } from "./forms.js";
import { SELF_PROFILE } from "./operations.js";
import { REPAIR_STATUSES } from "./repair-review.js";

interface SelfRecord {
  id: string;
  category: string;
  documentNo: string;
  status: string;
  decidedOn: string;
  description: string;
}

/** Each record department's field of the profile (`<profileField> { records { … } }`); null when it did not answer. */
type SelfRecordFields = { [F in ProfileField]?: { records: SelfRecord[] } | null };

interface SelfProfile extends SelfRecordFields {
  id: string;
  name: string;
  kind: string;
  evaluation: {
    level: string | null;
    codeColor: string | null;
    score: number | null;
    complete: boolean;
    missingSources: string[];
    reasons: { kind: string; department: string; points: number; zh: string; en: string }[];
  } | null;
  eligibleIncentives:
    | { status: string; offer: { id: string; name: string; en: string; benefit: string }; conditions: { outcome: string; zh: string; en: string }[] }[]
    | null;
  repairApplications: { id: string; department: string; appliedOn: string; status: string; decisionReason: string | null }[];
}

interface SelfAnswer {
  subject: SelfProfile | null;
  creditReports?: { totalCount: number; nodes: { number: string; purpose: string; issuedAt: string }[] };
}

const OUTCOMES: Record<string, [string, string]> = { MET: ["满足", "met"], NOT_MET: ["不满足", "not met"], UNKNOWN: ["暂无法判断", "unknown"] };

const section = (id: string, title: string): HTMLElement =>
  el("section", { class: "panel wide", "aria-labelledby": `h-self-${id}`, id: `self-${id}` }, el("h3", { id: `h-self-${id}` }, title));

const emptyNote = () => el("p", { class: "state empty" }, t("none"));

function gradeSection(p: SelfProfile): HTMLElement {
  const out = section("grade", p.kind === "PERSON" ? pick("我的诚信码", "My credit code") : pick("信用等级", "Credit level"));
  const e = p.evaluation;
  if (!e) return out.appendChild(errorNote("DEPARTMENT_UNAVAILABLE", ["evaluation"])).parentElement!;
  const grade = e.level ?? e.codeColor;
  out.append(
    el(
      "p",
      { class: "grade", id: "self-code", "data-grade": grade ?? "" },
      grade ? `${p.kind === "PERSON" ? t("colour") : t("level")}：${label(GRADES, grade)}（${t("score")} ${e.score}）` : pick("无等级", "No grade"),
    ),
  );
  if (!e.complete) out.append(el("p", { class: "state error" }, `${t("incomplete")}${e.missingSources.map((d) => label(DEPARTMENTS, d)).join("、")}`));
  out.append(el("h4", {}, t("reasons")));
  const reasons = e.reasons.map((r) => el("li", { "data-reason": r.kind }, `${pick(r.zh, r.en)}（${r.points > 0 ? "+" : ""}${r.points}）`));
  out.append(reasons.length ? el("ol", { class: "reasons", id: "self-reasons" }, ...reasons) : emptyNote());
  return out;
}

function recordsSection(p: SelfProfile): HTMLElement {
  const out = section("records", pick("我的信用记录", "My records"));
  const items = PROFILE_DEPARTMENTS.flatMap((d) => {
    const records = p[d.profileField]?.records ?? [];
    return records.map((r) =>
      el(
        "li",
        { "data-record": r.id },
        `${label(DEPARTMENTS, d.name)} · ${pick(categoryLabel(d.name, r.category, "zh"), r.category)} · ${r.documentNo} · ${r.decidedOn} · ${label(RECORD_STATUSES, r.status)}：${r.description}`,
      ),
    );
  });
  out.append(items.length ? el("ul", { class: "records" }, ...items) : emptyNote());
  return out;
}

function offersSection(p: SelfProfile): HTMLElement {
  const out = section("offers", pick("可享受的信易+ 服务", "信易+ offers"));
  // What the subject may use first, then what it may not (with the condition it misses).
  const offers = [...(p.eligibleIncentives ?? [])].sort((a, b) => Number(a.status !== "ELIGIBLE") - Number(b.status !== "ELIGIBLE"));
  if (!offers.length) return out.appendChild(emptyNote()).parentElement!;
  out.append(
    el(
      "ul",
      { class: "offers" },
      ...offers.map((o) =>
        el(
          "li",
          { "data-offer": o.offer.id, "data-status": o.status },
          el("strong", {}, `${pick(o.offer.name, o.offer.en)}：${label(ELIGIBILITY, o.status)}`),
          el("span", {}, ` ${o.offer.benefit}`),
          el("ul", {}, ...o.conditions.map((c) => el("li", { "data-outcome": c.outcome }, `${pick(c.zh, c.en)}（${label(OUTCOMES, c.outcome)}）`))),
        ),
      ),
    ),
  );
  return out;
}

function applicationsSection(p: SelfProfile): HTMLElement {
  const out = section("repairs", pick("我的信用修复申请", "My repair applications"));
  const items = p.repairApplications.map((a) =>
    el(
      "li",
      { "data-application": a.id },
      `${a.appliedOn} · ${label(DEPARTMENTS, a.department)} · ${label(REPAIR_STATUSES, a.status)}${a.decisionReason ? `：${a.decisionReason}` : ""}`,
    ),
  );
  out.append(items.length ? el("ul", {}, ...items) : emptyNote());
  return out;
}

function reportsSection(reports: NonNullable<SelfAnswer["creditReports"]>): HTMLElement {
  const out = section("reports", pick("专项信用报告", "Special credit reports"));
  const items = reports.nodes.map((r) =>
    el(
      "li",
      { "data-report": r.number },
      el("a", { href: `/verify/${encodeURIComponent(r.number)}` }, r.number),
      ` · ${r.purpose} · ${r.issuedAt.slice(0, 10)}`,
    ),
  );
  out.append(items.length ? el("ul", {}, ...items) : emptyNote());
  return out;
}

/** Renders the signed-in subject's own credit. */
export async function renderSelf(main: HTMLElement): Promise<void> {
  main.replaceChildren(viewTitle(pick("我的信用", "My credit")));
  const { self } = tokenClaims();
  if (!self)
    return void main.append(el("p", { class: "state error", role: "alert" }, pick("此令牌未指明本人（self）。", "This token names no subject (self).")));
  const answer = await send<SelfAnswer>(SELF_PROFILE, { id: self });
  if (!answer) return;
  if (!answer.ok || !answer.data.subject) return void main.append(errorNote(answer.ok ? "NOT_FOUND" : answer.code, [], "alert"));
  const p = answer.data.subject;
  main.append(
    el("p", { class: "sub", id: "self-who" }, `${p.name} · ${p.id}`),
    gradeSection(p),
    recordsSection(p),
    offersSection(p),
    applicationsSection(p),
    ...(p.kind === "ORGANIZATION" && answer.data.creditReports ? [reportsSection(answer.data.creditReports)] : []),
  );
}
