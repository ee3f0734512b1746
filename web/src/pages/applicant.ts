/**
 * The applicant (`repair:apply`, acting for the subject its token's `subjects` claim names): the
 * subject's records with the earliest date each may be applied for (`repairableRecords`), an
 * application with its materials chosen in the page (each uploaded through the gateway's
 * POST /repair-materials, then named by its uploadId), and the
 * applications with their status and history. Too early: the earliest date said in Chinese.
 */
import { categoryLabel } from "../../../shared/departments.js";
import type { RecordView } from "../../../shared/record-view.js";
import { DEPARTMENTS, label, pick, RECORD_STATUSES, SEVERITIES, t } from "../i18n.js";
import { type Cell, cardTable, el, errorNote, focusOn, formatNumber } from "../ui.js";
import { clearProblems, field, select, send, showProblems, tokenClaims, uploadMaterial, viewTitle } from "./forms.js";
import { APPLY_REPAIR, MY_APPLICATIONS, REPAIR_RULES, REPAIRABLE_RECORDS } from "./operations.js";
import { type Application, applicationDetails, MATERIAL_TYPES, REPAIR_STATUSES } from "./repair-review.js";

interface Repairable extends Omit<RecordView, "description"> {
  department: string;
  earliestApplicationOn: string | null;
  rule: string;
}

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** The application form for one subject's records. */
function applicationForm(
  subjectId: string,
  records: Repairable[],
  rules: { required: string[]; whenFined: string[] },
  onDone: (a: Application) => void,
): HTMLElement {
  const active = records.filter((r) => r.status === "ACTIVE");
  const record = select(
    active.map((r) => [r.id, `${label(DEPARTMENTS, r.department)} · ${r.documentNo} · ${pick(categoryLabel(r.department, r.category, "zh"), r.category)}`]),
    "",
    pick("请选择记录", "Choose a record"),
  );
  const reason = el("textarea", { rows: "2", maxlength: "500" });
  const commitment = el("textarea", { rows: "2", maxlength: "500" });
  const types = [...rules.required, ...rules.whenFined, "OTHER"];
  const files = types.map((type) => {
    const input = el("input", { type: "file", accept: "application/pdf,image/jpeg,image/png", "data-material": type });
    return {
      type,
      input,
      node: field(
        `a-file-${type}`,
        `${label(MATERIAL_TYPES, type)}${rules.whenFined.includes(type) ? pick("（有罚款时）", " (where fined)") : type === "OTHER" ? pick("（可选）", " (optional)") : ""}`,
        input,
      ),
    };
  });
  // Order No. 45 Art. 14 (1) and (2): what the applicant declares (the API checks them where the rule set asks).
  const declarations = [
    { name: "penaltyFulfilled", text: pick("行政处罚决定已履行完毕", "The penalty's obligations are fulfilled") },
    { name: "harmRemoved", text: pick("危害后果和不良社会影响已消除", "The harm and bad influence are removed") },
  ].map((d) => ({ ...d, input: el("input", { type: "checkbox", id: `a-${d.name}` }) }));
  const form = el(
    "form",
    { class: "stack", novalidate: "", id: "apply-form" },
    el("h3", {}, pick("申请信用修复", "Apply for credit repair")),
    field("a-recordId", pick("记录", "Record"), record),
    field("a-reason", pick("申请理由（已履行处罚、消除影响等）", "Reason (penalty fulfilled, harm removed)"), reason),
    field("a-commitment", pick("信用修复承诺", "Repair commitment"), commitment),
    el(
      "fieldset",
      { class: "stack" },
      el("legend", {}, pick("声明（市场监管处罚须同时满足）", "Declarations (market penalties need both)")),
      ...declarations.map((d) => el("div", { class: "form-field check" }, d.input, el("label", { for: d.input.id }, d.text))),
    ),
    el("fieldset", { class: "stack" }, el("legend", {}, pick("材料（PDF、JPEG 或 PNG）", "Materials (PDF, JPEG or PNG)")), ...files.map((f) => f.node)),
    el("p", { id: "a-materials-error", class: "field-error state error", hidden: "" }),
    el("button", { type: "submit", id: "a-submit" }, pick("提交申请", "Apply")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearProblems(form);
    if (!record.value)
      return showProblems(
        form,
        "a-",
        [{ field: "recordId", message: "choose" }].map((p) => ({ ...p, message: "must be one of the records" })),
      );
    // Each file through the gateway's upload route first; the application names them by uploadId.
    const chosen = files.filter((f) => f.input.files?.length);
    // One at a time: the gateway takes few uploads at once per address.
    const uploads: { f: (typeof chosen)[number]; file: File; answer: Awaited<ReturnType<typeof uploadMaterial>> }[] = [];
    for (const f of chosen) {
      const file = f.input.files![0];
      uploads.push({ f, file, answer: await uploadMaterial(file) });
      if ("code" in uploads[uploads.length - 1].answer) break;
    }
    const refused = uploads.find((u) => "code" in u.answer);
    if (refused && "code" in refused.answer) {
      return showProblems(
        form,
        "a-",
        [
          {
            field: `file-${refused.f.type}`,
            message: refused.answer.code === "UNSUPPORTED_MEDIA_TYPE" ? "declared" : refused.answer.code === "PAYLOAD_TOO_LARGE" ? "over the limit" : "upload",
          },
        ],
        refused.answer.code,
      );
    }
    // Every upload was taken (a refusal returned above).
    const materials = uploads.flatMap((u) => ("uploadId" in u.answer ? [{ type: u.f.type, fileName: u.file.name, uploadId: u.answer.uploadId }] : []));
    const outcome = await send<{ applyForCreditRepair: Application }>(APPLY_REPAIR, {
      input: {
        subjectId,
        recordId: record.value,
        reason: reason.value.trim(),
        commitment: commitment.value.trim(),
        materials,
        ...Object.fromEntries(declarations.map((d) => [d.name, d.input.checked])),
      },
    });
    if (!outcome) return;
    if (outcome.ok) return onDone(outcome.data.applyForCreditRepair);
    const earliest = outcome.error?.extensions?.earliestDate;
    if (outcome.code === "REPAIR_TOO_EARLY" && earliest) {
      const chosen = records.find((r) => r.id === record.value);
      const note = el(
        "p",
        { class: "state error form-note", role: "alert", id: "a-too-early", "data-earliest": earliest, tabindex: "-1" },
        pick(
          `还不能申请：此记录最早可于 ${earliest} 申请信用修复（决定日期 ${chosen?.decidedOn ?? ""} 起满最短公示期）。`,
          `Too early: applications for this record open on ${earliest} (the minimum period after the decision of ${chosen?.decidedOn ?? ""}).`,
        ),
        el("small", { class: "error-code" }, `${t("errorCode")} REPAIR_TOO_EARLY`),
      );
      form.append(note);
      return focusOn(note);
    }
    showProblems(
      form,
      "a-",
      outcome.problems.map((p) => (p.field.startsWith("materials") ? { ...p, field: "materials" } : p)),
      outcome.code,
    );
  });
  return form;
}

/** The subject's records, each with when it may be applied for. */
function recordsList(records: Repairable[]): HTMLElement {
  if (records.length === 0) return el("p", { class: "state empty" }, t("none"));
  const columns = [
    pick("部门", "Department"),
    t("documentNo"),
    pick("类别", "Category"),
    pick("严重程度", "Severity"),
    pick("状态", "Status"),
    pick("决定日期", "Decided"),
    pick("金额（元）", "Amount"),
    pick("最早可申请", "Earliest application"),
  ];
  return cardTable(
    {},
    pick("本主体的记录", "This subject's records"),
    columns,
    records.map((r) => {
      const earliest =
        r.status !== "ACTIVE"
          ? "—"
          : r.earliestApplicationOn === null
            ? pick("不可提前修复", "Cannot be repaired early")
            : r.earliestApplicationOn > today()
              ? `${r.earliestApplicationOn}${pick("（未到）", " (not yet)")}`
              : pick(`${r.earliestApplicationOn}（可申请）`, `${r.earliestApplicationOn} (open)`);
      const cells: Cell[] = [
        [label(DEPARTMENTS, r.department)],
        [r.documentNo],
        [pick(categoryLabel(r.department, r.category, "zh"), r.category)],
        [label(SEVERITIES, r.severity)],
        [label(RECORD_STATUSES, r.status)],
        [r.decidedOn],
        [r.amount === null ? "—" : formatNumber(r.amount, 2)],
        [earliest],
      ];
      return [{ "data-record": r.id }, cells];
    }),
  );
}

/** The view: the firm the token acts for (a choice when it names several), its records, the form, its applications. */
export async function renderApplicant(main: HTMLElement, chosen?: string, notice?: string): Promise<void> {
  const subjects = tokenClaims().subjects;
  const subjectId = chosen && subjects.includes(chosen) ? chosen : subjects[0];
  main.replaceChildren(viewTitle(pick("信用修复申请", "Credit repair")));
  if (!subjectId)
    return void main.append(
      el("p", { class: "state error", role: "alert" }, pick("此令牌未指明代理的主体（subjects），无法申请。", "This token names no subject it acts for.")),
    );
  if (subjects.length > 1) {
    const which = select(
      subjects.map((s) => [s, s]),
      subjectId,
    );
    which.id = "ap-subject";
    which.addEventListener("change", () => void renderApplicant(main, which.value));
    main.append(el("p", { class: "filters" }, el("label", { for: "ap-subject" }, pick("代理主体", "Acting for")), which));
  } else main.append(el("p", { class: "sub" }, `${pick("代理主体", "Acting for")}：${subjectId}`));
  if (notice) main.append(el("p", { class: "state ok", role: "status", id: "ap-notice", tabindex: "-1" }, notice));
  const [records, applications, rules] = await Promise.all([
    send<{ repairableRecords: Repairable[] }>(REPAIRABLE_RECORDS, { id: subjectId }),
    send<{ repairApplications: Application[] }>(MY_APPLICATIONS, { id: subjectId }),
    send<{ repairRules: { requiredMaterials: string[]; requiredMaterialsWhenFined: string[] } }>(REPAIR_RULES, {}),
  ]);
  if (!records || !applications || !rules) return;
  const recordsPanel = el(
    "section",
    { class: "panel wide", "aria-labelledby": "h-ap-records" },
    el("h3", { id: "h-ap-records" }, pick("本主体的记录", "Records")),
  );
  recordsPanel.append(records.ok ? recordsList(records.data.repairableRecords) : errorNote(records.code, [], "alert"));
  const formPanel = el("section", { class: "panel wide", "aria-label": pick("申请", "Apply") });
  if (records.ok && rules.ok) {
    formPanel.append(
      applicationForm(
        subjectId,
        records.data.repairableRecords,
        { required: rules.data.repairRules.requiredMaterials, whenFined: rules.data.repairRules.requiredMaterialsWhenFined },
        (a) =>
          renderApplicant(
            main,
            subjectId,
            pick(`申请已提交（${a.id}），状态：${label(REPAIR_STATUSES, a.status)}。`, `Filed (${a.id}): ${label(REPAIR_STATUSES, a.status)}.`),
          ),
      ),
    );
  } else if (!rules.ok) formPanel.append(errorNote(rules.code, [], "alert"));
  const history = el("section", { class: "panel wide", "aria-labelledby": "h-ap-apps" }, el("h3", { id: "h-ap-apps" }, pick("我的申请", "My applications")));
  if (!applications.ok) history.append(errorNote(applications.code, [], "alert"));
  else if (applications.data.repairApplications.length === 0) history.append(el("p", { class: "state empty" }, t("none")));
  else
    for (const a of applications.data.repairApplications)
      history.append(
        el(
          "article",
          { class: "application", "data-application": a.id, "data-status": a.status },
          el("h4", {}, `${label(REPAIR_STATUSES, a.status)} · ${a.appliedOn}`),
          ...applicationDetails(a),
        ),
      );
  main.append(recordsPanel, formPanel, history);
  main.setAttribute("data-subject-ready", subjectId);
  if (notice) focusOn(main.querySelector<HTMLElement>("#ap-notice"));
}
