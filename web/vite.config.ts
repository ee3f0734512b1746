/** The web app's build: served by the gateway at /dashboard, every asset (scripts, styles, the CJK font) our own. */
import path from "node:path";
import { defineConfig } from "vite";

export default defineConfig({
  root: path.dirname(new URL(import.meta.url).pathname),
  base: "/dashboard/",
  build: {
    outDir: path.resolve(path.dirname(new URL(import.meta.url).pathname), "../dist/web"),
    emptyOutDir: true,
    // One chunk for ECharts (large, rarely changing), one for the app.
    rollupOptions: { output: { manualChunks: (id) => (id.includes("echarts") || id.includes("zrender") ? "charts" : undefined) } },
    chunkSizeWarningLimit: 1200,
  },
  logLevel: "warn",
});
