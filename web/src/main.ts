/**
 * The web app: sign-in with a bearer token kept for this browser session, then the views the
 * token's scopes allow — the dashboard (metrics:read) and the 信用档案 (profile:read). Hash routes;
 * the dashboard's filter is in the URL so a view can be shared; a token never is.
 */
import "@fontsource/noto-sans-sc/400.css";
import "./style.css";
import { HttpError, session, tokenScopes } from "./api.js";
import { disposeCharts } from "./charts.js";
import { type Filter, renderDashboard } from "./dashboard.js";
import { currentLang, setLang, t } from "./i18n.js";
import { renderProfile } from "./profile.js";
import { el } from "./ui.js";

const main = document.getElementById("main")!;
const nav = document.getElementById("nav")!;
const status = document.getElementById("status")!;

function views(): ("dashboard" | "profile")[] {
  const scopes = session.token ? tokenScopes(session.token) : [];
  const admin = scopes.includes("admin");
  return [
    ...(admin || scopes.includes("metrics:read") ? (["dashboard"] as const) : []),
    ...(admin || scopes.includes("profile:read") ? (["profile"] as const) : []),
  ];
}

function route(): { view: string; params: URLSearchParams } {
  const [path, query] = location.hash.replace(/^#\/?/, "").split("?");
  return { view: path || "", params: new URLSearchParams(query ?? "") };
}

function signIn(message?: string): void {
  const input = el("textarea", {
    id: "token",
    name: "token",
    rows: "4",
    required: "",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "token-help",
  });
  const form = el(
    "form",
    { class: "stack signin" },
    el("h2", {}, t("signIn")),
    el("label", { for: "token" }, t("token")),
    input,
    el("p", { id: "token-help", class: "sub" }, t("tokenHelp")),
    ...(message ? [el("p", { class: "state error", role: "alert" }, message)] : []),
    el("button", { type: "submit" }, t("signIn")),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    session.token = input.value.trim();
    session.purpose = null;
    void show();
  });
  nav.replaceChildren();
  main.replaceChildren(form);
}

function renderNav(allowed: string[], current: string): void {
  const links = allowed.map((v) => el("a", { href: `#/${v}`, ...(v === current ? { "aria-current": "page" } : {}) }, t(v as "dashboard" | "profile")));
  const out = el("button", { type: "button", class: "link" }, t("signOut"));
  out.addEventListener("click", () => {
    session.token = null;
    session.purpose = null;
    location.hash = "";
    signIn();
  });
  nav.replaceChildren(...links, out);
}

async function show(): Promise<void> {
  disposeCharts();
  document.getElementById("title")!.textContent = t("title");
  document.getElementById("lang")!.textContent = currentLang() === "zh" ? "English" : "中文";
  if (!session.token) return signIn();
  const allowed = views();
  if (allowed.length === 0) return signIn(t("noView"));
  const { view, params } = route();
  const current = allowed.includes(view as "dashboard") ? view : allowed[0];
  renderNav(allowed, current);
  status.textContent = t(current as "dashboard" | "profile");
  main.removeAttribute("data-ready");
  try {
    if (current === "dashboard") {
      const filter: Filter = { district: params.get("district") || undefined, from: params.get("from") || undefined, to: params.get("to") || undefined };
      await renderDashboard(main, filter, (f) => {
        const q = new URLSearchParams(Object.entries(f).filter(([, v]) => v) as [string, string][]).toString();
        location.hash = `#/dashboard${q ? `?${q}` : ""}`;
      });
    } else await renderProfile(main);
  } catch (error) {
    if (error instanceof HttpError && error.status === 401) {
      session.token = null;
      return signIn(t("badToken"));
    }
    main.append(el("p", { class: "state error", role: "alert" }, String((error as Error).message)));
  }
  // Every panel has settled (drawn, empty or failed): for readers of the page and for the browser tests.
  main.setAttribute("data-ready", current);
}

document.getElementById("lang")!.addEventListener("click", () => {
  setLang(currentLang() === "zh" ? "en" : "zh");
  void show();
});
window.addEventListener("hashchange", () => void show());
setLang(currentLang());
void show();
