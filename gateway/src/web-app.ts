/**
 * The web app (web/, built by Vite into dist/web) at /dashboard: static files only, with a
 * Content-Security-Policy that lets the page reach nothing but this origin (no CDN, no third
 * party). Not built yet: a 503 saying how to build it.
 */
import fs from "node:fs";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
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

export function serveWebApp(app: FastifyInstance, root: string): void {
  app.get("/dashboard", (_request, reply) => reply.redirect("/dashboard/"));
  if (!fs.existsSync(`${root}/index.html`)) {
    app.get("/dashboard/*", (_request, reply) =>
      reply.code(503).send(errorBody("SERVICE_UNAVAILABLE", "The web app is not built: run npm run build (npm start builds it)")),
    );
    return;
  }
  app.register(async (scope) => {
    scope.addHook("onSend", async (_request, reply) => {
      reply.header("content-security-policy", WEB_CSP);
      reply.header("x-content-type-options", "nosniff");
      reply.header("referrer-policy", "no-referrer");
    });
    await scope.register(fastifyStatic, { root, prefix: "/dashboard/", index: ["index.html"], maxAge: "1h" });
  });
}
