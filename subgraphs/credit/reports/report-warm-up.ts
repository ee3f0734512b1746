/**
 * The first report a process draws pays for reading the fonts (2 × 10 MB), compiling HarfBuzz and
 * warming pdf-lib and the QR encoder: measured 4–6 s on a 2-core machine, over the gateway's 5 s
 * wait for a department, where the next report takes under a second. The credit office draws one
 * throwaway report when it starts, so no issuer's request pays for it.
 */
import { formatAmount } from "./report-document.js";
import { renderReportHtml } from "./report-html.js";
import { renderReportPdf } from "./report-render.js";

/** Draws a sample report (PDF and HTML) and forgets it; a failure is logged, never thrown. */
export async function warmReportRenderer(log: { warn: (obj: object, msg: string) => void }): Promise<void> {
  try {
    const content = {
      version: 1 as const,
      number: "XY00000000-WARMUP0000",
      issuedAt: "2026-01-01T08:00:00.000+08:00",
      subject: { id: "000000000000000000", name: "预热" },
      period: { from: "2026-01-01", to: "2026-01-01" },
      purpose: "预热",
      issuer: "warm-up",
      lines: [
        {
          department: "tax",
          title: "预热",
          clean: false,
          records: [
            { documentNo: "预热〔2026〕1号", category: "LATE_FILING", severity: "GENERAL", decidedOn: "2026-01-01", amount: 1, description: formatAmount(1) },
          ],
        },
      ],
    };
    const signed = { content: "{}", sha256: "0".repeat(64), signature: "" };
    await renderReportPdf(content, signed, "https://warm-up.invalid/verify/XY00000000-WARMUP0000");
    await renderReportHtml(content, signed, "https://warm-up.invalid/verify/XY00000000-WARMUP0000");
  } catch (error) {
    log.warn({ err: error }, "Special credit report renderer warm-up failed");
  }
}
