import { describe, expect, it } from "vitest";
import { createCursorCodec, pageOf } from "./pagination.js";

const codec = createCursorCodec("test-secret-0123456789abcdef0123456789abcdef");
const PERSON = "330502199001011236";

describe("opaque cursors", () => {
  it("reveal nothing of the position they carry", () => {
    const cursor = codec.encode("subjects", PERSON);
    const decoded = Buffer.from(cursor, "base64url");
    expect(cursor).not.toContain(PERSON);
    expect(decoded.toString("latin1")).not.toMatch(/\d{6}/);
    expect(decoded.toString("utf8")).not.toContain("330502");
    // Two cursors of one position differ: no dictionary of positions can be built.
    expect(codec.encode("subjects", PERSON)).not.toBe(cursor);
    expect(codec.decode("subjects", cursor)).toBe(PERSON);
  });

  it("refuse altered, forged, foreign and malformed cursors with BAD_USER_INPUT", () => {
    const cursor = codec.encode("subjects", PERSON);
    const bytes = Buffer.from(cursor, "base64url");
    const flipped = (i: number) => {
      const copy = Buffer.from(bytes);
      copy[i] ^= 1;
      return copy.toString("base64url");
    };
    const bad = [
      flipped(0), // nonce
      flipped(14), // tag
      flipped(bytes.length - 1), // body
      Buffer.from(`k:${PERSON}`).toString("base64url"), // the old format
      createCursorCodec("another-secret-0123456789abcdef0123456789").encode("subjects", PERSON),
      codec.encode("auditLog", PERSON).replace(/^/, ""), // made for another list
      "",
      "!!!",
      "A".repeat(600),
    ];
    for (const forged of bad) {
      let error: any;
      try {
        codec.decode("subjects", forged);
      } catch (e) {
        error = e;
      }
      expect(error?.extensions?.code, forged).toBe("BAD_USER_INPUT");
      expect(error.message).not.toContain(PERSON);
    }
  });
});

describe("a page of rows fetched with one more than its size", () => {
  const encode = (last: { id: string }) => `after:${last.id}`;
  const rows = (n: number) => Array.from({ length: n }, (_, k) => ({ id: `r${k + 1}` }));

  it("keeps the first rows, says another page follows and ends at its own last row, not the extra one", () => {
    expect(pageOf(rows(3), 2, encode)).toEqual({ rows: rows(2), pageInfo: { endCursor: "after:r2", hasNextPage: true } });
  });

  it("on the last page: every row, no next page; an empty page has no cursor", () => {
    expect(pageOf(rows(2), 2, encode)).toEqual({ rows: rows(2), pageInfo: { endCursor: "after:r2", hasNextPage: false } });
    expect(pageOf(rows(1), 0, encode)).toEqual({ rows: [], pageInfo: { endCursor: null, hasNextPage: true } });
    expect(pageOf([], 20, encode)).toEqual({ rows: [], pageInfo: { endCursor: null, hasNextPage: false } });
  });
});
