/**
 * The web app (web/, built by Vite into dist/web) at /dashboard: static files only, with a
 * Content-Security-Policy that lets the page reach nothing but this origin (no CDN, no third
 * party) and, when one is configured, the OpenID provider it signs in at (XINYI_OIDC_ISSUER: its
 * discovery and token endpoints). /dashboard/sign-in.json tells the page where that is. Not built
 * yet: a 503 saying how to build it.
 */
import fs from "node:fs";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import type { AuthConfig } from "../../shared/config.js";
import { GATEWAY_RESOURCE, PLATFORM_SCOPES } from "../../shared/scopes.js";
import { errorBody } from "./errors.js";

/** Scripts, styles, fonts, images and requests: this origin only (ECharts sets inline style attributes). */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join("; ");

/** The web app's policy with the OpenID provider's origin allowed for requests (discovery, token). */
const webCsp = (issuer?: string): string => (issuer ? WEB_CSP.replace("connect-src 'self'", `connect-src 'self' ${new URL(issuer).origin}`) : WEB_CSP);

/** What the page needs to sign in at the OpenID provider (a public client: nothing secret). */
export interface SignInSettings {
  issuer: string;
  clientId: string;
  /** The resource indicator its access tokens are asked for. */
  resource: string;
  /** Every scope asked for: the provider grants the account's own. */
  scopes: string[];
}

export function serveWebApp(app: FastifyInstance, root: string, auth?: Pick<AuthConfig, "oidcIssuer" | "oidcClientId">): void {
  app.get("/dashboard", (_request, reply) => reply.redirect("/dashboard/"));
  const issuer = auth?.oidcIssuer;
  app.get("/dashboard/sign-in.json", (_request, reply) => {
    if (!issuer) return reply.code(404).send(errorBody("NOT_FOUND", "no OpenID provider is configured (XINYI_OIDC_ISSUER): sign in with a token"));
    const settings: SignInSettings = {
      issuer,
      clientId: auth.oidcClientId ?? "xinyi-web",
      resource: GATEWAY_RESOURCE,
      scopes: ["openid", "profile", ...PLATFORM_SCOPES],
    };
    return reply.header("cache-control", "no-store").send(settings);
  });
  if (!fs.existsSync(`${root}/index.html`)) {
    app.get("/dashboard/*", (_request, reply) =>
      reply.code(503).send(errorBody("SERVICE_UNAVAILABLE", "The web app is not built: run npm run build (npm start builds it)")),
    );
    return;
  }
  app.register(async (scope) => {
    scope.addHook("onSend", async (_request, reply) => {
      reply.header("content-security-policy", webCsp(issuer));
      reply.header("x-content-type-options", "nosniff");
      reply.header("referrer-policy", "no-referrer");
    });
    await scope.register(fastifyStatic, { root, prefix: "/dashboard/", index: ["index.html"], maxAge: "1h" });
  });
}
