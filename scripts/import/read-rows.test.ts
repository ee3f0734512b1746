import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readRows, type SourceRow } from "./read-rows.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-rows-"));
async function rowsOf(name: string, text: string): Promise<SourceRow[]> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  const rows: SourceRow[] = [];
  for await (const row of readRows(file)) rows.push(row);
  return rows;
}

describe("reading CSV", () => {
  it("keeps CRLF inside quoted fields and names the line each row starts on", async () => {
    const rows = await rowsOf("crlf.csv", '\uFEFFsubject_id,description\r\nA,"two\r\nlines, and a ""quote"""\r\nB,plain\r\n\r\nC,last\r\n');
    expect(rows.map((r) => [r.line, r.cells?.description])).toEqual([
      [2, 'two\r\nlines, and a "quote"'],
      [4, "plain"],
      [6, "last"],
    ]);
    expect(rows[0].raw).toBe('A,"two\r\nlines, and a ""quote"""');
  });

  it("reads a 2 MB quoted field, and reports wrong field counts and an unclosed quote by line", async () => {
    const long = "长".repeat(700_000);
    const rows = await rowsOf("long.csv", `a,b\n1,"${long}"\n2\n3,"never closed\n`);
    expect(rows[0].cells?.b).toHaveLength(700_000);
    expect(rows[1]).toMatchObject({ line: 3, problem: "has 1 fields, the header has 2" });
    expect(rows[2]).toMatchObject({ line: 4, problem: "a quoted field is never closed" });
  });
});
