/** CSV as the role pages export it: no imports, so it is tested outside a browser (tests/web/csv.test.ts). */

/**
 * Rows as CSV (RFC 4180, UTF-8 with a BOM so a spreadsheet reads the Chinese). Text a spreadsheet
 * would run as a formula (=, +, -, @, tab, CR first: a purpose header or a record's text is the
 * caller's) is prefixed with an apostrophe; plain numbers stay numbers.
 */
export function csv(rows: (string | number | null | undefined)[][]): Blob {
  const cell = (v: string | number | null | undefined) => {
    const raw = v === null || v === undefined ? "" : String(v);
    const text = /^[=+\-@\t\r]/.test(raw) && !/^-?\d+(\.\d+)?$/.test(raw) ? `'${raw}` : raw;
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return new Blob([`\uFEFF${rows.map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`], { type: "text/csv;charset=utf-8" });
}
