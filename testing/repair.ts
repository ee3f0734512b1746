import { addMonths, todayInChina } from "../shared/scalars.js";
import type { Federation } from "./federation.js";

/** What a credit repair application carries in the tests: the four materials the rules require, as small PDFs. */
const PDF = Buffer.from("%PDF-1.4\n% test material\n").toString("base64");

export const REPAIR_MATERIALS = ["FINE_RECEIPT", "APPLICATION_FORM", "COMMITMENT_LETTER", "IDENTITY_PAPERS"].map((type) => ({
  type,
  fileName: `${type.toLowerCase()}.pdf`,
  mimeType: "application/pdf",
  contentBase64: PDF,
}));

let serial = 0;

/** A tax violation of `subjectId` (a late filing, decided 4 months ago unless `extra` says otherwise), recorded by the tax office: its id. */
export async function recordTaxViolation(
  fed: Pick<Federation, "query">,
  subjectId: string,
  extra: { amount?: number; decidedOn?: string } = {},
): Promise<string> {
  const input = {
    subjectId,
    documentNo: `repair-test-${process.pid}-${++serial}`,
    category: "LATE_FILING",
    severity: "GENERAL",
    description: "逾期申报",
    decidedOn: addMonths(todayInChina(), -4),
    ...extra,
  };
  const { body } = await fed.query<{ recordTaxViolation: { id: string } }>(
    `mutation($in: RecordTaxViolationInput!) { recordTaxViolation(input: $in) { id } }`,
    { in: input },
    { scopes: ["dept:tax"] },
  );
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data.recordTaxViolation.id;
}
