/**
 * The web app: sign-in at the OpenID provider the gateway names (sign-in.ts: code + PKCE; a pasted
 * token for developers) kept for this browser session, then the views the
 * token's scopes allow — the dashboard (metrics:read), the 信用档案 (profile:read) and 我的信用 (self:read,
 * pages/self.ts). Hash routes;
 * the dashboard's filter is in the URL so a view can be shared; a token never is.
 */
import "@fontsource/noto-sans-sc/400.css";
import "./style.css";
import { isOneOf } from "../../shared/narrow.js";
import { errorCode, isUnauthenticated, SESSION_EXPIRED, session, tokenScopes, tokenSecondsLeft } from "./api.js";
import { disposeCharts } from "./charts.js";
import { type Filter, renderDashboard } from "./dashboard.js";
import { currentLang, pick, setLang, t } from "./i18n.js";
import { renderRoleView, type RoleView, roleViews, roleViewTitle } from "./pages/views.js";
import { renderSelf } from "./pages/self.js";
import { renderProfile } from "./profile.js";
import { completeSignIn, isSignInCallback, providerSignOutUrl, type SignInSettings, signInSettings, watchExpiry } from "./sign-in.js";
import { renderSignIn, signInFailureText } from "./sign-in-page.js";
import { el, errorNote, focusOn } from "./ui.js";

const main = document.getElementById("main")!;
const nav = document.getElementById("nav")!;
const status = document.getElementById("status")!;

type View = "dashboard" | "profile" | "self" | RoleView;
const viewTitle = (v: View): string => (v === "dashboard" || v === "profile" ? t(v) : v === "self" ? pick("我的信用", "My credit") : roleViewTitle(v));

function views(): View[] {
  const scopes = session.token ? tokenScopes(session.token) : [];
  const admin = scopes.includes("admin");
  return [
    ...(admin || scopes.includes("metrics:read") ? (["dashboard"] as const) : []),
    ...(admin || scopes.includes("profile:read") ? (["profile"] as const) : []),
    ...(scopes.includes("self:read") ? (["self"] as const) : []),
    ...roleViews(scopes),
  ];
}

function route(): { view: string; params: URLSearchParams } {
  const [path, query] = location.hash.replace(/^#\/?/, "").split("?");
  return { view: path || "", params: new URLSearchParams(query ?? "") };
}

/** Whether the token in this session has been accepted once (a later refusal means it expired). */
let tokenAccepted = false;

/** The OpenID provider the gateway names (sign-in.ts), or null: token sign-in only. Read once at start. */
let provider: SignInSettings | null = null;

function signIn(message?: string, focus = true, code?: string): void {
  watchExpiry(undefined, () => undefined);
  nav.replaceChildren();
  renderSignIn(main, {
    settings: provider,
    message,
    code,
    focus,
    onToken: (token) => {
      session.token = token;
      session.idToken = null;
      session.purpose = null;
      tokenAccepted = false;
      void show();
    },
  });
  main.setAttribute("data-ready", "signin");
}

/**
 * The gateway refused the token (api.ts), or its time ran out while a page was open (`byClock`):
 * one message asking to sign in again, wherever the page was.
 */
function expired(byClock = false): void {
  if (!session.token) return;
  session.token = null;
  session.purpose = null;
  disposeCharts();
  signIn(tokenAccepted || byClock ? t("sessionExpired") : t("badToken"));
}

/** Signs out here and, after a sign-in there, at the OpenID provider too (it sends the person back to the sign-in page). */
async function signOut(): Promise<void> {
  const atProvider = await providerSignOutUrl(provider, session.idToken);
  watchExpiry(undefined, () => undefined);
  session.token = null;
  session.idToken = null;
  session.purpose = null;
  if (atProvider) return location.assign(atProvider);
  location.hash = "";
  signIn();
}

function renderNav(allowed: View[], current: View): void {
  const links = allowed.map((v) => el("a", { href: `#/${v}`, id: `nav-${v}`, ...(v === current ? { "aria-current": "page" } : {}) }, viewTitle(v)));
  const out = el("button", { type: "button", class: "link", id: "sign-out" }, t("signOut"));
  out.addEventListener("click", () => void signOut());
  nav.replaceChildren(...links, out);
}

/** Where focus was before a re-render: an element of the page by its id, or whether it was anywhere at all. */
function focusBefore(): { id?: string; inNav: boolean; anywhere: boolean } {
  const active = document.activeElement;
  const anywhere = active !== null && active !== document.body;
  return { id: anywhere && active.id ? active.id : undefined, inNav: anywhere && nav.contains(active), anywhere };
}

/**
 * After a re-render, focus is where it was (the same control, rebuilt) or on the new view's title;
 * never dropped to <body>. A first load leaves it where the browser put it.
 */
function restoreFocus(before: ReturnType<typeof focusBefore>): void {
  const active = document.activeElement;
  if (!before.anywhere || (active !== null && active !== document.body && active !== main)) return;
  const same = before.id && !before.inNav ? document.getElementById(before.id) : null;
  focusOn(same ?? main.querySelector<HTMLElement>("#view-title") ?? main);
}

const filterOf = (params: URLSearchParams): Filter => ({
  district: params.get("district") || undefined,
  from: params.get("from") || undefined,
  to: params.get("to") || undefined,
});

async function show(): Promise<void> {
  const before = focusBefore();
  disposeCharts();
  document.getElementById("title")!.textContent = t("title");
  document.getElementById("lang")!.textContent = currentLang() === "zh" ? "English" : "中文";
  if (!session.token) return signIn(undefined, before.anywhere);
  const left = tokenSecondsLeft(session.token);
  if (left !== undefined && left <= 0) {
    // Expired already: said without asking the gateway.
    const accepted = tokenAccepted;
    session.token = null;
    session.purpose = null;
    return signIn(accepted ? t("sessionExpired") : t("badToken"));
  }
  watchExpiry(left, () => expired(true));
  const allowed = views();
  if (allowed.length === 0) return signIn(t("noView"));
  const { view, params } = route();
  const current = isOneOf(allowed, view) ? view : allowed[0];
  renderNav(allowed, current);
  status.textContent = viewTitle(current);
  main.removeAttribute("data-ready");
  try {
    // Each view replaces the page's content before its first await: focus is put back at once.
    const rendering =
      current === "dashboard"
        ? renderDashboard(main, filterOf(params), (f) => {
            const q = new URLSearchParams(Object.entries(f).flatMap(([k, v]): [string, string][] => (v ? [[k, v]] : []))).toString();
            const hash = `#/dashboard${q ? `?${q}` : ""}`;
            // The same filter again: no hash change, so render here.
            if (location.hash === hash) void show();
            else location.hash = hash;
          })
        : current === "profile"
          ? renderProfile(main)
          : current === "self"
            ? renderSelf(main)
            : renderRoleView(main, current, tokenScopes(session.token));
    restoreFocus(before);
    await rendering;
  } catch (error) {
    // A refused token has already brought the sign-in form (expired() above).
    if (isUnauthenticated(error)) return;
    main.append(errorNote(errorCode(error), [], "alert"));
  }
  tokenAccepted = true;
  // Every panel has settled (drawn, empty or failed): for readers of the page and for the browser tests.
  main.setAttribute("data-ready", current);
}

document.getElementById("lang")!.addEventListener("click", () => {
  setLang(currentLang() === "zh" ? "en" : "zh");
  void show();
});
window.addEventListener("hashchange", () => void show());
window.addEventListener(SESSION_EXPIRED, () => expired());
setLang(currentLang());

/** First the provider (if any) and a sign-in it sent back, then the view. */
async function start(): Promise<void> {
  provider = await signInSettings();
  const failure = provider && isSignInCallback() ? await completeSignIn(provider) : undefined;
  await show();
  if (failure) signIn(signInFailureText(failure), true, failure);
}
void start();
