/**
 * The type of a file as its first bytes show it (magic numbers), never as a client declares it:
 * the gateway's upload path (a PDF POSTed to /verify) and the credit office's repair materials
 * both take PDF, PNG and JPEG, and both believe the bytes.
 */

export type SniffedType = "application/pdf" | "image/png" | "image/jpeg";

const SIGNATURES: [SniffedType, number[]][] = [
  ["application/pdf", [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ["image/png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ["image/jpeg", [0xff, 0xd8, 0xff]],
];

/** Bytes of a file's head that {@link sniff} needs at most. */
export const SNIFF_BYTES = 16;

/** The type the first bytes of a file show (magic numbers), if one we take. */
export const sniff = (head: Uint8Array): SniffedType | undefined => SIGNATURES.find(([, magic]) => magic.every((b, i) => head[i] === b))?.[0];

/** Every type {@link sniff} recognises: data that lists accepted types may name only these. */
export const SNIFFABLE_TYPES: readonly SniffedType[] = SIGNATURES.map(([type]) => type);
