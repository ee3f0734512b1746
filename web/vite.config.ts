/**
 * The web app's build: served by the gateway at /dashboard, every asset (scripts, styles, the CJK
 * font) our own; its GraphQL documents become the trusted-documents manifest the gateway loads
 * (trusted-documents.ts), and the app sends their ids.
 */
import path from "node:path";
import { defineConfig } from "vite";
import { buildManifest, MANIFEST_FILE } from "./trusted-documents.js";

const manifest = buildManifest();

export default defineConfig({
  root: path.dirname(new URL(import.meta.url).pathname),
  base: "/dashboard/",
  // Each document's id by its text, for api.ts.
  define: { __DOCUMENT_IDS__: JSON.stringify(Object.fromEntries(Object.entries(manifest).map(([id, text]) => [text, id]))) },
  plugins: [
    {
      name: "xinyi-trusted-documents",
      generateBundle() {
        this.emitFile({ type: "asset", fileName: MANIFEST_FILE, source: `${JSON.stringify(manifest, null, 2)}\n` });
      },
    },
  ],
  build: {
    outDir: path.resolve(path.dirname(new URL(import.meta.url).pathname), "../dist/web"),
    emptyOutDir: true,
    // One chunk for ECharts (large, rarely changing), one for the app.
    rollupOptions: { output: { manualChunks: (id) => (id.includes("echarts") || id.includes("zrender") ? "charts" : undefined) } },
    chunkSizeWarningLimit: 1200,
  },
  logLevel: "warn",
});
