/**
 * What the role pages share: labelled fields with their own error line, a mutation's refusal shown
 * field by field in Chinese (the API's `extensions.problems`), the code small beside it, files
 * saved from the page (CSV, PDF, PNG), and the token's claims as the page reads them.
 */
import { stringAt } from "../../../shared/narrow.js";
import { errorCode, graphql, type GraphQLError, isUnauthenticated, session } from "../api.js";
import { errorText, pick } from "../i18n.js";
import { el, errorNote } from "../ui.js";

/** A field's Chinese name, by the name the API gives it in a problem (`input.` and indexes dropped). */
export const FIELD_NAMES: Record<string, [string, string]> = {
  subjectId: ["主体代码", "Subject ID"],
  documentNo: ["决定书文号", "Decision No."],
  category: ["类别", "Category"],
  severity: ["严重程度", "Severity"],
  amount: ["金额（元）", "Amount (yuan)"],
  description: ["事实描述", "Facts"],
  decidedOn: ["决定日期", "Decision date"],
  simpleProcedure: ["简易程序", "Simple procedure"],
  points: ["记分", "Points"],
  abnormalCause: ["列入事由", "Listing cause"],
  legalBasis: ["撤销依据", "Legal basis"],
  closedOn: ["撤销日期", "Removal date"],
  reason: ["理由", "Reason"],
  commitment: ["信用修复承诺", "Repair commitment"],
  materials: ["材料", "Materials"],
  recordId: ["记录", "Record"],
  purpose: ["用途", "Purpose"],
  from: ["起始日期", "From"],
  to: ["截止日期", "To"],
};

/** A problem's message in Chinese, by its shape (the API's messages are English); the original stays in the title. */
export function problemText(message: string): string {
  const rules: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/must be (\d+)–(\d+) characters|must have (\d+)–(\d+) characters/, (m) => `应为 ${m[1] ?? m[3]}–${m[2] ?? m[4]} 个字符`],
    [/is in the future|not in the future/, () => "不能晚于今天"],
    [/is before the decision of (\S+)/, (m) => `不能早于决定日期 ${m[1]}`],
    [/is before (\S+)/, (m) => `不能早于 ${m[1]}`],
    [/must be a date/, () => "应为 YYYY-MM-DD 格式的日期"],
    [/must be one of|must be GENERAL or SERIOUS/, () => "请从列表中选择"],
    [/simple procedure|简易程序/i, () => "超出简易程序的适用范围（严重记录，或罚款超过限额）"],
    [/decimal|≥ 0|negative|amount/i, () => "金额应不小于 0，最多两位小数"],
    [/missing (.+)/, (m) => `缺少材料：${m[1]}`],
    [/check digit|USCC|ID number|18 characters/i, () => "不是有效的统一社会信用代码或身份证号"],
    [/over the limit/, () => "文件过大"],
    [/declared|not accepted/, () => "文件类型与内容不符或不被接受"],
    [/^upload$/, () => "上传失败"],
  ];
  for (const [pattern, text] of rules) {
    const m = message.match(pattern);
    if (m) return text(m);
  }
  return "填写有误";
}

/** The name a problem's field goes by in FIELD_NAMES: `input.documentNo` → documentNo, `materials[0].type` → materials. */
const baseField = (field: string) => field.replace(/^input\./, "").replace(/\[\d+\].*$/, "");

/** A field's name as a person reads it (a material's file: 材料文件). */
const fieldName = (name: string) => pick(...(FIELD_NAMES[name] ?? (name.startsWith("file-") ? ["材料文件", "Material file"] : [name, name])));

/** A label, a control and its own error line (`<id>-error`), described by each other. */
export function field(id: string, text: string, control: HTMLElement, hint?: string): HTMLElement {
  control.id = id;
  control.setAttribute("aria-describedby", [hint ? `${id}-hint` : "", `${id}-error`].filter(Boolean).join(" "));
  const error = el("p", { id: `${id}-error`, class: "field-error state error" });
  error.hidden = true;
  return el(
    "div",
    { class: "form-field" },
    el("label", { for: id }, text),
    control,
    ...(hint ? [el("p", { id: `${id}-hint`, class: "sub" }, hint)] : []),
    error,
  );
}

/** Clears a form's field errors and its note. */
export function clearProblems(form: HTMLElement): void {
  for (const node of form.querySelectorAll<HTMLElement>("[aria-invalid]")) node.removeAttribute("aria-invalid");
  for (const node of form.querySelectorAll<HTMLElement>(".field-error")) {
    node.hidden = true;
    node.textContent = "";
  }
  form.querySelector(".form-note")?.remove();
}

/**
 * Shows problems on their fields (`<prefix><field>`; a field without a control goes into the note)
 * and focuses the first; returns the note element for the rest.
 */
export function showProblems(form: HTMLElement, prefix: string, problems: { field: string; message: string }[], code?: string): void {
  clearProblems(form);
  const rest: string[] = [];
  let first: HTMLElement | null = null;
  for (const p of problems) {
    const name = baseField(p.field);
    const control = form.querySelector<HTMLElement>(`#${prefix}${name}`);
    const line = form.querySelector<HTMLElement>(`#${prefix}${name}-error`);
    const text = problemText(p.message);
    if (control && line) {
      control.setAttribute("aria-invalid", "true");
      line.hidden = false;
      line.textContent = `${fieldName(name)}：${text}`;
      line.title = p.message;
      line.setAttribute("data-field", name);
      first ??= control;
    } else rest.push(`${fieldName(name)}：${text}`);
  }
  if (rest.length || code) {
    const note = errorNote(code);
    note.classList.add("form-note");
    note.setAttribute("role", "alert");
    if (rest.length) note.firstChild!.textContent = `${errorText(code)} ${rest.join("；")}`;
    form.append(note);
    first ??= note;
  }
  first?.focus();
}

/** A mutation's or query's outcome: its data, or the first error's code, problems and extensions. */
export type Outcome<T> = { ok: true; data: T } | { ok: false; code: string; problems: { field: string; message: string }[]; error?: GraphQLError };

/** Sends a document; a refused token brings the sign-in form (main.ts) and resolves to undefined. */
export async function send<T>(query: string, variables: Record<string, unknown>, purpose = false): Promise<Outcome<T> | undefined> {
  try {
    const answer = await graphql<T>(query, variables, { purpose });
    const error = answer.errors?.[0];
    if (answer.data && !error) return { ok: true, data: answer.data };
    const problems = error?.extensions?.problems ?? [];
    return { ok: false, code: error?.extensions?.code ?? "INTERNAL_SERVER_ERROR", problems, error };
  } catch (error) {
    if (isUnauthenticated(error)) return undefined;
    return { ok: false, code: errorCode(error), problems: [] };
  }
}

/**
 * A repair material through the gateway's upload route (POST /repair-materials, the file as the
 * body, the bearer token): its `uploadId` for applyForCreditRepair, or the refusal's code.
 */
export async function uploadMaterial(file: File): Promise<{ uploadId: string } | { code: string }> {
  try {
    const response = await fetch("/repair-materials", {
      method: "POST",
      headers: { authorization: `Bearer ${session.token}`, "content-type": file.type || "application/octet-stream" },
      body: file,
    });
    const body: unknown = await response.json().catch(() => ({}));
    const uploadId = stringAt(body, "uploadId");
    return uploadId ? { uploadId } : { code: stringAt(body, "errors", 0, "extensions", "code") ?? `HTTP_${response.status}` };
  } catch {
    return { code: "NETWORK_ERROR" };
  }
}

/** A filed material from GET /repair-materials/<id> (the reviewing department's token), saved as a file. */
export async function downloadMaterial(id: string, fileName: string): Promise<string | undefined> {
  try {
    const response = await fetch(`/repair-materials/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${session.token}` } });
    if (!response.ok) {
      const body: unknown = await response.json().catch(() => ({}));
      return stringAt(body, "errors", 0, "extensions", "code") ?? `HTTP_${response.status}`;
    }
    saveFile(fileName, await response.blob());
    return undefined;
  } catch {
    return "NETWORK_ERROR";
  }
}

/** Saves bytes or text as a file the browser downloads. */
export function saveFile(name: string, content: Blob): void {
  const url = URL.createObjectURL(content);
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The token's claims as the page reads them to choose what to show (the gateway decides what is allowed). */
export function tokenClaims(): { scopes: string[]; subjects: string[]; sub: string; self?: string } {
  try {
    const payload = JSON.parse(atob((session.token ?? "").split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    const scopes = typeof payload.scope === "string" ? payload.scope.split(" ").filter(Boolean) : Array.isArray(payload.scopes) ? payload.scopes : [];
    const self = typeof payload.self === "string" ? payload.self : undefined;
    return { scopes, subjects: Array.isArray(payload.subjects) ? payload.subjects : [], sub: String(payload.sub ?? ""), ...(self ? { self } : {}) };
  } catch {
    return { scopes: [], subjects: [], sub: "" };
  }
}

/** A page's title, focusable (the view's landing point). */
export const viewTitle = (text: string): HTMLElement => el("h2", { class: "view-title", id: "view-title", tabindex: "-1" }, text);

/** A select of codes with their labels. */
export function select(options: [string, string][], value = "", empty?: string): HTMLSelectElement {
  const node = el(
    "select",
    {},
    ...(empty !== undefined ? [el("option", { value: "" }, empty)] : []),
    ...options.map(([v, text]) => el("option", { value: v }, text)),
  );
  node.value = value;
  return node;
}

/** A date typed YYYY-MM-DD (a text field: the browser's date picker follows its locale). */
export const dateInput = (value = ""): HTMLInputElement =>
  el("input", { type: "text", inputmode: "numeric", maxlength: "10", size: "11", placeholder: "YYYY-MM-DD", autocomplete: "off", value });
