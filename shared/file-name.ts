/**
 * A client's file name reduced to a safe base name, as stored and shown back. Reduced rather than
 * refused: the name is only a label from the client's machine (some browsers send a whole path,
 * `C:\fakepath\a.pdf`), the bytes are what is checked, and the answer shows the name kept. Refused
 * only when nothing is left.
 *
 * - directories are dropped, both `/` and `\` (`../../etc/passwd.pdf` → `passwd.pdf`);
 * - control and format characters are removed: C0, DEL, C1, the bidirectional controls (U+202E
 *   makes `invoice‮fdp.exe` read as `invoiceexe.pdf`), zero-width characters;
 * - markup characters `< > " ' &` become `_`, so the name is inert wherever it is shown;
 * - NFC; runs of whitespace one space; leading dots and spaces and trailing ones removed (no
 *   `..`, no hidden `.name`);
 * - at most `max` characters: a longer name keeps its extension and loses the end of its stem.
 */

const MARKUP = /[<>"'&]/gu;
/** Control (Cc) and format (Cf: bidi controls, zero-width, soft hyphen, BOM) characters. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;
/** An extension kept whole when a name is shortened: a dot and 1–10 letters or digits. */
const EXTENSION = /\.[\p{L}\p{N}]{1,10}$/u;

export function reduceFileName(field: string, value: string, max = 100): { name: string; problem?: { field: string; message: string } } {
  const base = String(value ?? "")
    .normalize("NFC")
    .split(/[/\\]/u)
    .at(-1)!;
  const cleaned = base
    .replace(INVISIBLE, "")
    .replace(MARKUP, "_")
    .replace(/\s+/gu, " ")
    .replace(/^[.\s]+|[.\s]+$/gu, "");
  const characters = [...cleaned];
  if (characters.length === 0) return { name: "", problem: { field, message: "has no file name left once reduced to a safe base name" } };
  if (characters.length <= max) return { name: cleaned };
  const extension = EXTENSION.exec(cleaned)?.[0] ?? "";
  const stem = [...cleaned.slice(0, cleaned.length - extension.length)]
    .slice(0, max - [...extension].length)
    .join("")
    .trimEnd();
  return { name: `${stem}${extension}` };
}
