/**
 * The embedded OpenID provider's pages, in Chinese: the login form (labelled fields, the error
 * said in words and announced), the sign-out confirmation, the signed-out page and errors. The CJK
 * font is the web app's own (Noto Sans SC from @fontsource, served by the provider at /assets/fonts/):
 * nothing is fetched from another origin.
 */

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const STYLE = `
:root { --ink: #1c1f23; --muted: #4a5159; --line: #d6dae0; --accent: #0b5cad; --bad: #a61b1b;
  font-family: "Noto Sans SC", sans-serif; color: var(--ink); background: #f5f6f8; line-height: 1.5; }
* { box-sizing: border-box; }
body { margin: 0; }
header { background: var(--accent); color: #fff; padding: 8px 16px; }
header p { margin: 0; font-size: 1.15rem; font-weight: 700; }
main { max-width: 420px; margin: 32px auto; padding: 0 16px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 16px 20px 20px; }
h1 { font-size: 1.25rem; margin: 0 0 4px; }
.sub { color: var(--muted); font-size: 0.9rem; margin: 0 0 16px; }
form { display: flex; flex-direction: column; gap: 6px; }
label { font-weight: 700; margin-top: 6px; }
input { font: inherit; border: 1px solid #8a939c; border-radius: 4px; padding: 7px 9px; color: var(--ink); width: 100%; }
button { font: inherit; background: var(--accent); color: #fff; border: none; border-radius: 4px; padding: 8px 14px; margin-top: 12px; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); border: 1px solid var(--accent); }
:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
[aria-invalid="true"] { border-color: var(--bad); }
.error { color: var(--bad); margin: 8px 0 0; }
`;

/** A whole page: the provider's name in the header, one card. `nonce` allows one inline script (the sign-out's). */
export function page(title: string, body: string, nonce?: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · 信易+ 统一身份认证</title>
<link rel="stylesheet" href="/assets/fonts/400.css">
<style${nonce ? ` nonce="${nonce}"` : ""}>${STYLE}</style>
</head>
<body>
<header><p>信易+ 统一身份认证</p></header>
<main><div class="card">${body}</div></main>
</body>
</html>`;
}

/** The login form of one interaction; `error` and the login typed before when a try failed. */
export function loginPage(options: { uid: string; clientName: string; login?: string; error?: string; nonce: string }): string {
  const { uid, clientName, login, error, nonce } = options;
  const invalid = error ? ' aria-invalid="true" aria-describedby="login-error"' : "";
  return page(
    "登录",
    `<h1 id="login-title">登录</h1>
<p class="sub">登录后返回 ${escapeHtml(clientName)}。</p>
<form method="post" action="/interaction/${encodeURIComponent(uid)}/login" autocomplete="off" aria-labelledby="login-title">
<label for="login">账号</label>
<input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(login ?? "")}"${invalid}${error ? "" : " autofocus"}>
<label for="password">密码</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}${error ? " autofocus" : ""}>
${error ? `<p id="login-error" class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<button type="submit">登录</button>
</form>`,
    nonce,
  );
}

/**
 * The sign-out confirmation around the provider's own form (`form`, with its CSRF token). An app
 * that named the session's ID token (id_token_hint) asked for the sign-out itself: the page confirms
 * on its own; anyone else is asked.
 */
export function logoutPage(form: string, confirmed: boolean, nonce: string): string {
  const submit = confirmed
    ? `<script nonce="${nonce}">document.getElementById("op.logoutForm").requestSubmit(document.getElementById("logout-yes"));</script>`
    : "";
  return page(
    "退出登录",
    `<h1>退出统一身份认证？</h1>
<p class="sub">退出后，使用本账号登录的应用需要重新登录。</p>
${form}
<button id="logout-yes" type="submit" form="op.logoutForm" value="yes" name="logout">退出登录</button>
<button class="secondary" type="submit" form="op.logoutForm">保持登录</button>
${submit}`,
    nonce,
  );
}

export const loggedOutPage = (nonce: string): string => page("已退出", `<h1>已退出登录</h1><p class="sub">统一身份认证的登录已结束，可以关闭此页。</p>`, nonce);

/** An error of the provider (a bad request, an interaction that expired): in words, with the OAuth error code small. */
export function errorPage(out: { error?: string; error_description?: string }, nonce: string): string {
  const expired = out.error === "invalid_request" && /interaction|session/i.test(out.error_description ?? "");
  return page(
    "出错了",
    `<h1>无法完成登录</h1>
<p role="alert">${expired ? "登录页面已过期，请回到应用重新登录。" : "请求无效或已过期，请回到应用重新登录。"}</p>
<p class="sub">错误码 ${escapeHtml(out.error ?? "server_error")}${out.error_description ? `：${escapeHtml(out.error_description)}` : ""}</p>`,
    nonce,
  );
}

/** The Content-Security-Policy of these pages: own font and styles, one nonce'd script, forms to the provider and the app's origins. */
export const pageCsp = (nonce: string, formOrigins: readonly string[]): string =>
  [
    "default-src 'none'",
    `style-src 'self' 'nonce-${nonce}'`,
    "font-src 'self'",
    `script-src 'nonce-${nonce}'`,
    `form-action 'self' ${formOrigins.join(" ")}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
