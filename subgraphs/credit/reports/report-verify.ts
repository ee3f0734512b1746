/**
 * Offline verification of a report PDF: the attachment `report.json` carries the canonical content,
 * its SHA-256 and the platform's Ed25519 signature; the content must hash to the stated value and
 * the signature must verify with the platform's public key. (Whether the PDF as a whole is the
 * original is the online check: its SHA-256 against the stored one, at /verify/<number>.)
 */
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString } from "pdf-lib";
import { type ReportContent, sha256 } from "./report-content.js";
import { verifyHash } from "./report-key.js";
import { ATTACHMENT_NAME, type ReportAttachment } from "./report-render.js";

/** The report attachment of a PDF, or undefined when it has none. */
export async function readReportAttachment(bytes: Uint8Array): Promise<ReportAttachment | undefined> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const files = pdf.catalog.lookupMaybe(PDFName.of("Names"), PDFDict)?.lookupMaybe(PDFName.of("EmbeddedFiles"), PDFDict);
  const names = files?.lookupMaybe(PDFName.of("Names"), PDFArray);
  for (let i = 0; names && i + 1 < names.size(); i += 2) {
    const name = names.lookup(i);
    if (!(name instanceof PDFString || name instanceof PDFHexString) || name.decodeText() !== ATTACHMENT_NAME) continue;
    const stream = names
      .lookup(i + 1, PDFDict)
      .lookup(PDFName.of("EF"), PDFDict)
      .lookup(PDFName.of("F"));
    if (!(stream instanceof PDFRawStream)) return undefined;
    return JSON.parse(Buffer.from(decodePDFRawStream(stream).decode()).toString("utf8")) as ReportAttachment;
  }
  return undefined;
}

export type OfflineVerdict = { ok: true; content: ReportContent } | { ok: false; problem: string };

/** Checks a report PDF with the platform's public key, without asking the platform. */
export async function verifyReportOffline(bytes: Uint8Array, publicKeyPem: string): Promise<OfflineVerdict> {
  let attachment: ReportAttachment | undefined;
  try {
    attachment = await readReportAttachment(bytes);
  } catch (error) {
    return { ok: false, problem: `not a readable report PDF (${(error as Error).message})` };
  }
  if (!attachment) return { ok: false, problem: `no ${ATTACHMENT_NAME} attachment: not a report of this platform` };
  if (sha256(attachment.content) !== attachment.sha256) return { ok: false, problem: "the embedded content does not match its SHA-256: altered" };
  if (!verifyHash(publicKeyPem, attachment.sha256, attachment.signature))
    return { ok: false, problem: "the signature does not verify with the platform's public key" };
  return { ok: true, content: JSON.parse(attachment.content) as ReportContent };
}
