/**
 * The embedded OpenID provider (scripts/oidc-provider.ts runs it): `oidc-provider`, the certified
 * implementation, with the demo staff accounts (oidc-provider-accounts.ts) and the web app as a
 * public client (authorization code + PKCE S256). Access tokens are JWTs for the resource
 * `urn:xinyi:gateway` (audience XINYI_JWT_AUDIENCE, `xinyi-gateway`) carrying the account's scopes
 * and its `subjects` or `self` claim, signed with the keys kept under the data folder (oidc-provider-keys.ts).
 */
import { randomBytes, timingSafeEqual, createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import Provider, { errors, type Configuration, type JWKS, type KoaContextWithOIDC } from "oidc-provider";
import type { Config } from "../shared/config.js";
import { GATEWAY_RESOURCE, PLATFORM_SCOPES } from "../shared/scopes.js";
import { type DemoAccount, demoAccounts, embeddedIssuer } from "./oidc-provider-accounts.js";
import { loadCookieKeys, loadSigningKeys } from "./oidc-provider-keys.js";
import { errorPage, loggedOutPage, loginPage, logoutPage, pageCsp } from "./oidc-provider-pages.js";

/** Where the web app is reached: its redirect and post-logout URIs are `<origin>/dashboard/`. */
const appOrigins = (config: Config): string[] => [...new Set([config.publicUrl, new URL(config.gatewayUrl).origin])];

const FONT_DIR = path.dirname(createRequire(import.meta.url).resolve("@fontsource/noto-sans-sc/400.css"));

/** Same length, constant time: a password compared by its SHA-256. */
const sameSecret = (a: string, b: string): boolean => timingSafeEqual(createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest());

function providerConfiguration(config: Config, accounts: readonly DemoAccount[], jwks: JWKS, kid: string): Configuration {
  const origins = appOrigins(config);
  const bySub = new Map(accounts.map((a) => [a.sub, a]));
  const page = (ctx: KoaContextWithOIDC, html: (nonce: string) => string) => {
    const nonce = randomBytes(16).toString("base64");
    ctx.set("content-security-policy", pageCsp(nonce, origins));
    ctx.type = "html";
    ctx.body = html(nonce);
  };
  return {
    clients: [
      {
        client_id: config.auth.oidcClientId ?? "xinyi-web",
        client_name: "信易+ 公共信用平台",
        application_type: "web",
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code"],
        response_types: ["code"],
        redirect_uris: origins.map((o) => `${o}/dashboard/`),
        post_logout_redirect_uris: origins.map((o) => `${o}/dashboard/`),
      },
    ],
    jwks,
    cookies: { keys: loadCookieKeys(config.dataDir) },
    responseTypes: ["code"],
    // PKCE is required of every client, S256 only (oidc-provider's default, said here).
    pkce: { required: () => true },
    scopes: ["openid", "profile"],
    claims: { openid: ["sub"], profile: ["name"] },
    ttl: {
      AccessToken: config.oidcProvider.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: config.oidcProvider.accessTokenTtlSeconds,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
    },
    findAccount: (_ctx, sub) => {
      const account = bySub.get(sub);
      return account && { accountId: sub, claims: () => ({ sub, name: account.name }) };
    },
    // Staff sign in to their own platform: no consent screen. The grant gives the account's scopes
    // and rejects the rest, so a request for every platform scope is answered with the account's.
    loadExistingGrant: async (ctx) => {
      const { Grant } = ctx.oidc.provider;
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      const existing = grantId ? await Grant.find(grantId) : undefined;
      if (existing) return existing;
      const account = bySub.get(ctx.oidc.session!.accountId!);
      if (!account) return undefined;
      const grant = new Grant({ clientId: ctx.oidc.client!.clientId, accountId: account.sub });
      grant.addOIDCScope("openid profile");
      grant.addResourceScope(GATEWAY_RESOURCE, account.scopes.join(" "));
      grant.rejectResourceScope(GATEWAY_RESOURCE, PLATFORM_SCOPES.filter((s) => !account.scopes.includes(s)).join(" "));
      await grant.save();
      return grant;
    },
    extraTokenClaims: (_ctx, token) => {
      const account = "accountId" in token ? bySub.get(token.accountId) : undefined;
      if (!account?.subjects && !account?.self) return undefined;
      return { ...(account.subjects ? { subjects: [...account.subjects] } : {}), ...(account.self ? { self: account.self } : {}) };
    },
    clientBasedCORS: (_ctx, origin, client) => client.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => GATEWAY_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== GATEWAY_RESOURCE) throw new errors.InvalidTarget(`unknown resource ${indicator}`);
          return {
            scope: PLATFORM_SCOPES.join(" "),
            audience: config.auth.audience,
            accessTokenTTL: config.oidcProvider.accessTokenTtlSeconds,
            accessTokenFormat: "jwt",
            jwt: { sign: { alg: "RS256", kid } },
          };
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => page(ctx, (nonce) => logoutPage(form, Boolean(ctx.oidc.params?.id_token_hint), nonce)),
        postLogoutSuccessSource: (ctx) => page(ctx, loggedOutPage),
      },
    },
    renderError: (ctx, out) => page(ctx, (nonce) => errorPage(out, nonce)),
  };
}

async function readForm(request: http.IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of request) {
    body += chunk;
    if (body.length > 4096) throw new Error("form too large");
  }
  return new URLSearchParams(body);
}

function sendHtml(response: http.ServerResponse, status: number, html: (nonce: string) => string, origins: readonly string[]): void {
  const nonce = randomBytes(16).toString("base64");
  response.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": pageCsp(nonce, origins),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  response.end(html(nonce));
}

/** The web font's CSS and files (the same Noto Sans SC as the web app's). */
function serveFont(url: string, response: http.ServerResponse): void {
  const name = url.replace(/^\/assets\/fonts\//, "");
  const file = name === "400.css" ? "400.css" : /^files\/[\w-]+-400-normal\.woff2$/.test(name) ? name : undefined;
  if (!file) return void response.writeHead(404).end();
  response.writeHead(200, {
    "content-type": file.endsWith(".css") ? "text/css; charset=utf-8" : "font/woff2",
    "cache-control": "public, max-age=86400",
    "x-content-type-options": "nosniff",
  });
  fs.createReadStream(path.join(FONT_DIR, file)).pipe(response);
}

/** The login step of an interaction: the form, or the account checked and the interaction finished. */
async function interaction(
  provider: Provider,
  accounts: readonly DemoAccount[],
  origins: readonly string[],
  request: http.IncomingMessage,
  response: http.ServerResponse,
) {
  const details = await provider.interactionDetails(request, response);
  const clientName = "信易+ 公共信用平台";
  if (request.method === "GET") return sendHtml(response, 200, (nonce) => loginPage({ uid: details.uid, clientName, nonce }), origins);
  const form = await readForm(request);
  const login = (form.get("login") ?? "").trim();
  const account = accounts.find((a) => a.login === login);
  // The password is compared whether or not the login exists (the same work either way).
  const passwordOk = sameSecret(form.get("password") ?? "", account?.password ?? randomBytes(16).toString("hex"));
  if (!account || !passwordOk) {
    return sendHtml(response, 401, (nonce) => loginPage({ uid: details.uid, clientName, login, error: "账号或密码不正确，请重新输入。", nonce }), origins);
  }
  await provider.interactionFinished(request, response, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
}

/** The provider's HTTP server: the login pages, the font, and oidc-provider's own endpoints. */
export async function createOidcServer(config: Config): Promise<{ server: http.Server; issuer: string; accounts: readonly DemoAccount[] }> {
  const issuer = embeddedIssuer(config);
  const keys = await loadSigningKeys(config.dataDir);
  const accounts = demoAccounts(config.oidcProvider.applicantSubjects, {
    resident: config.oidcProvider.residentSubject,
    merchant: config.oidcProvider.merchantSubject,
  });
  const provider = new Provider(issuer, providerConfiguration(config, accounts, { keys }, keys[0].kid!));
  const origins = appOrigins(config);
  const callback = provider.callback();
  const server = http.createServer((request, response) => {
    const url = request.url ?? "/";
    if (url.startsWith("/assets/fonts/") && request.method === "GET") return serveFont(url.split("?")[0], response);
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.split("?")[0]);
    if (match && (request.method === "GET" ? !match[2] : request.method === "POST" && match[2])) {
      return void interaction(provider, accounts, origins, request, response).catch((error: Error & { error?: string; error_description?: string }) => {
        if (response.headersSent) return;
        const out = { error: error.error ?? "server_error", error_description: error.error_description ?? error.message };
        sendHtml(response, 400, (nonce) => errorPage(out, nonce), origins);
      });
    }
    return callback(request, response);
  });
  return { server, issuer, accounts };
}
