/**
 * The sign-in view: the button to the OpenID provider's login page when the gateway names one, with
 * the developers' token form folded below it; the token form alone when it names none. A message
 * (expired, refused, a sign-in that did not complete) is said first, in words, and announced.
 */
import "./sign-in.css";
import { pick, t } from "./i18n.js";
import { type SignInFailure, type SignInSettings, startSignIn } from "./sign-in.js";
import { el } from "./ui.js";

/** What a failed sign-in means to the person, in Chinese (English when chosen); the code goes beside it, small. */
export function signInFailureText(failure: SignInFailure): string {
  switch (failure) {
    case "access_denied":
      return pick("登录已取消。", "Sign-in was cancelled.");
    case "provider_unreachable":
      return pick("无法连接统一身份认证服务，请稍后重试。", "The identity provider cannot be reached: please try again later.");
    case "no_pending_flow":
      return pick(
        "登录未完成（登录页面已过期或在其他标签页打开），请重新登录。",
        "Sign-in did not complete (the page expired or was opened in another tab): please sign in again.",
      );
    default:
      return pick("登录未完成，请重新登录。", "Sign-in did not complete: please sign in again.");
  }
}

export interface SignInView {
  /** The gateway's OpenID provider, or null: token sign-in only. */
  settings: SignInSettings | null;
  message?: string;
  /** The code under the message (an OAuth error), for support. */
  code?: string;
  /** Whether to move focus into the view (not on a first load). */
  focus: boolean;
  /** A pasted token was submitted. */
  onToken: (token: string) => void;
}

function tokenForm(view: SignInView, describedBy: string): { form: HTMLFormElement; input: HTMLTextAreaElement } {
  const input = el("textarea", {
    id: "token",
    name: "token",
    rows: "4",
    required: "",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": describedBy,
  });
  const form = el(
    "form",
    { class: "stack signin" },
    el("label", { for: "token" }, t("token")),
    input,
    el("p", { id: "token-help", class: "sub" }, t("tokenHelp")),
    el("button", { type: "submit" }, view.settings ? pick("使用令牌登录", "Sign in with the token") : t("signIn")),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    view.onToken(input.value.trim());
  });
  return { form, input };
}

/** Renders the sign-in view into `main`. */
export function renderSignIn(main: HTMLElement, view: SignInView): void {
  const alert = view.message
    ? [
        el(
          "p",
          { id: "signin-error", class: "state error", role: "alert" },
          view.message,
          ...(view.code ? [" ", el("small", { class: "error-code" }, `${t("errorCode")} ${view.code}`)] : []),
        ),
      ]
    : [];
  const describedBy = view.message ? "signin-error token-help" : "token-help";
  const { form, input } = tokenForm(view, describedBy);
  const title = el("h2", { id: "signin-title" }, t("signIn"));
  if (!view.settings) {
    // No provider: the token form is the sign-in (developers, tests, `npm run token`).
    form.prepend(title, ...alert);
    main.replaceChildren(form);
    if (view.focus) input.focus();
    return;
  }
  const settings = view.settings;
  const button = el(
    "button",
    { type: "button", id: "oidc-sign-in", "aria-describedby": "oidc-help" },
    pick("通过统一身份认证登录", "Sign in with the identity provider"),
  );
  const failed = el("p", { id: "oidc-failed", class: "state error", role: "alert", hidden: "" });
  button.addEventListener("click", () => {
    button.setAttribute("aria-disabled", "true");
    startSignIn(settings).catch(() => {
      button.removeAttribute("aria-disabled");
      failed.textContent = signInFailureText("provider_unreachable");
      failed.hidden = false;
    });
  });
  const developer = el(
    "details",
    { class: "developer-sign-in" },
    el("summary", {}, pick("开发者：粘贴访问令牌登录", "Developers: sign in with a pasted token")),
    form,
  );
  main.replaceChildren(
    el(
      "section",
      { class: "stack signin-page", "aria-labelledby": "signin-title" },
      title,
      ...alert,
      el("p", { id: "oidc-help", class: "sub" }, pick("使用所在单位的统一身份认证账号登录。", "Use your organisation's account.")),
      button,
      failed,
      developer,
    ),
  );
  if (view.focus) button.focus();
}
