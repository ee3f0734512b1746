/**
 * GraphiQL as the development start page (`npm start` prints its address first): a tab with the
 * example `npm start` prints, its headers with the analyst token as a placeholder (never a live
 * token in the page), the page's text in Noto Sans SC served from `@fontsource/noto-sans-sc`
 * (the machine may have no CJK font: boxes otherwise), and a Content-Security-Policy that allows
 * the page's own inline scripts by hash and nothing from another origin. Not served in production.
 *
 * GraphiQL fetches the schema with the headers of the open tab: a placeholder token would be
 * refused (401) and the page would have no docs, autocomplete or validation. A small script of
 * ours leaves out any header whose value still holds a `<placeholder>` until it is replaced, so
 * the schema loads anonymously and the example runs once a real token is pasted.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { errorBody } from "./errors.js";

/** GraphiQL's options, as the renderer (a dependency of ours) takes them. */
type GraphiQLOptions = NonNullable<Parameters<typeof renderGraphiQL>[0]>;

/** The example of `npm start` (scripts/start.ts prints it): one subject's profile and evaluation. */
export const EXAMPLE_QUERY = `# 信用档案 — a subject's tax rating and records and its live evaluation (信用评价).
# Paste the analyst token npm start printed into the headers below, an example subject's ID into
# the variables, and run (Ctrl-Enter). The docs (book icon) list every type and field.
query Profile($id: ID!) {
  subject(id: $id) {
    name
    district
    tax {
      latestRating {
        year
        level
      }
      records {
        category
        status
      }
    }
    evaluation {
      score
      level
      reasons {
        en
        points
      }
    }
  }
}
`;

/** The example's headers: the analyst's token as a placeholder, and the purpose profile reads need. */
export const EXAMPLE_HEADERS = JSON.stringify({ Authorization: "Bearer <analyst token from npm start>", "X-Purpose": "demo" }, null, 2);

const EXAMPLE_VARIABLES = JSON.stringify({ id: "<example subject ID from npm start>" }, null, 2);

/** Where the page's fonts are served. */
const FONT_PREFIX = "/graphiql/fonts/";
const FONT_FILE = /^noto-sans-sc-\d+-400-normal\.woff2$/;

/** Headers whose value is still a `<placeholder>` stay out of the page's requests. */
const PLACEHOLDER_SCRIPT = `(() => {
  const send = window.fetch.bind(window);
  window.fetch = (input, init) => {
    if (!init || !init.headers) return send(input, init);
    const headers = new Headers(init.headers);
    for (const name of [...headers.keys()]) if (/<[^<>]*>/.test(headers.get(name))) headers.delete(name);
    return send(input, { ...init, headers });
  };
})();`;

/**
 * The page's font faces: @fontsource's Unicode-range subsets (a page loads only those it uses),
 * from our origin, as "Noto Sans SC" for the page's text and under the editor's own family,
 * "Fira Code" (embedded by GraphiQL for Latin only; Monaco names no fallback), for the CJK
 * ranges only — so Chinese in a query, a variable or a result renders too.
 */
function fontFaces(css: string): string {
  const faces = css.replaceAll(/url\(\.\/files\/([\w-]+)\.woff2\) format\('woff2'\), url\(\.\/files\/[\w-]+\.woff\) format\('woff'\)/g, (_, name) => {
    return `url(${FONT_PREFIX}${name}.woff2) format('woff2')`;
  });
  // Only code points from U+2E80 (CJK radicals) up: the editor keeps Fira Code's Latin, monospaced.
  const cjk = [...faces.matchAll(/@font-face \{[^}]*unicode-range: ([^;]*);\s*\}/g)].flatMap(([face, ranges]) => {
    const wide = ranges.split(",").filter((range) => Number.parseInt(range.slice(2).split("-")[0], 16) >= 0x2e80);
    if (wide.length === 0) return [];
    return [face.replace("font-family: 'Noto Sans SC'", "font-family: 'Fira Code'").replace(ranges, wide.join(","))];
  });
  return `${faces}
${cjk.join("\n")}
.graphiql-container, .graphiql-dialog, .graphiql-tooltip, body {
  --font-family: "Roboto", sans-serif, "Noto Sans SC";
  --font-family-mono: "Fira Code", monospace, "Noto Sans SC";
}`;
}

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

export interface GraphiQLPage {
  /** Options for the runtime's `graphiql`. */
  options: GraphiQLOptions;
  /** For the runtime's `renderGraphiQL`: the page, rendered once. */
  render: (options?: GraphiQLOptions) => string;
  /** Serves the page's fonts and gives the page its Content-Security-Policy. */
  install: (app: FastifyInstance, graphqlEndpoint: string) => void;
}

/** The GraphiQL page; loads GraphiQL's bundle (~9 MB), so only where GraphiQL is served. */
export async function loadGraphiQLPage(title: string): Promise<GraphiQLPage> {
  const { renderGraphiQL: render } = await import("@graphql-yoga/render-graphiql");
  const require = createRequire(import.meta.url);
  const fontCss = require.resolve("@fontsource/noto-sans-sc/400.css");
  const fontDir = path.join(path.dirname(fontCss), "files");
  const options: GraphiQLOptions & { variables: string } = {
    title,
    defaultTabs: [{ query: EXAMPLE_QUERY, variables: EXAMPLE_VARIABLES, headers: EXAMPLE_HEADERS }],
    // GraphiQL fills the first tab's editors from these, not from the tab (`headers` also opens new tabs).
    headers: EXAMPLE_HEADERS,
    variables: EXAMPLE_VARIABLES,
    // Tokens pasted into the headers stay out of the browser's storage.
    shouldPersistHeaders: false,
    inputValueDeprecation: true,
  };
  let page: { html: string; csp: string } | undefined;
  const build = (given?: GraphiQLOptions) => {
    const style = `<style>${fontFaces(fs.readFileSync(fontCss, "utf8"))}</style>`;
    const html = render(given ?? options)
      .replace("<head>", `<head>\n<script>${PLACEHOLDER_SCRIPT}</script>`)
      .replace("</head>", `${style}\n</head>`);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => sha256(match[1]));
    const csp = [
      "default-src 'none'",
      `script-src ${scripts.join(" ")}`,
      // Monaco's editor workers are made from blobs of the page's own code.
      "worker-src blob:",
      // GraphiQL and Monaco set styles at run time.
      "style-src 'self' 'unsafe-inline'",
      "font-src 'self' data:",
      "img-src 'self' data:",
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join("; ");
    return { html, csp };
  };
  return {
    options,
    render: (given) => {
      page ??= build(given);
      return page.html;
    },
    install(app, graphqlEndpoint) {
      app.get<{ Params: { file: string } }>(`${FONT_PREFIX}:file`, (request, reply) => {
        const { file } = request.params;
        if (!FONT_FILE.test(file) || !fs.existsSync(path.join(fontDir, file))) return reply.code(404).send(errorBody("ROUTE_NOT_FOUND", `No font ${file}`));
        return reply
          .header("content-type", "font/woff2")
          .header("cache-control", "public, max-age=86400")
          .send(fs.createReadStream(path.join(fontDir, file)));
      });
      app.addHook("onSend", async (request, reply) => {
        if (!page || request.url.split("?")[0] !== graphqlEndpoint || !String(reply.getHeader("content-type")).startsWith("text/html")) return;
        reply.header("content-security-policy", page.csp);
        reply.header("x-content-type-options", "nosniff");
        reply.header("referrer-policy", "no-referrer");
      });
    },
  };
}
