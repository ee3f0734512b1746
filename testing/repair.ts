/** What a credit repair application carries in the tests: the four materials the rules require, as small PDFs. */
const PDF = Buffer.from("%PDF-1.4\n% test material\n").toString("base64");

export const REPAIR_MATERIALS = ["FINE_RECEIPT", "APPLICATION_FORM", "COMMITMENT_LETTER", "IDENTITY_PAPERS"].map((type) => ({
  type,
  fileName: `${type.toLowerCase()}.pdf`,
  mimeType: "application/pdf",
  contentBase64: PDF,
}));
