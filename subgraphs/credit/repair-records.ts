/** A subject's department records as the repair process needs them, read through the gateway as the credit office. */
import { createError, ErrorCodes } from "../../shared/errors.js";
import type { CreditContext } from "./context.js";

const RECORD = "id category severity status decidedOn";
const QUERY = `query RepairRecords($id: ID!) { subject(id: $id) {
  tax { violations { ${RECORD} } } health { records { ${RECORD} } } transport { records { ${RECORD} } }
  publicResources { records { ${RECORD} } } market { records { ${RECORD} } } } }`;

export interface RecordFacts {
  id: string;
  department: string;
  category: string;
  severity: string;
  status: string;
  decidedOn: string;
}

type Rows = { id: string; category: string; severity: string; status: string; decidedOn: string }[];
interface Answer {
  subject: {
    tax: { violations: Rows } | null;
    health: { records: Rows } | null;
    transport: { records: Rows } | null;
    publicResources: { records: Rows } | null;
    market: { records: Rows } | null;
  } | null;
}

/** Every department's records of the subject; a department that does not answer is an error naming it. */
export async function readRecords(ctx: CreditContext, subjectId: string, purpose: string): Promise<RecordFacts[]> {
  const answer = await ctx.gateway<Answer>(QUERY, { id: subjectId }, { actingFor: ctx.caller.sub, purpose });
  const s = answer.data?.subject;
  const failed = (answer.errors ?? []).flatMap((e) => (e.extensions?.department ? [String(e.extensions.department)] : []));
  if (!s || failed.length > 0) {
    if (!s && failed.length === 0) throw createError(ErrorCodes.NOT_FOUND, "No such subject in the directory");
    throw createError(ErrorCodes.DOWNSTREAM_SERVICE_ERROR, `Records cannot be read: ${failed.join(", ")} did not answer`, { department: failed[0] });
  }
  const tagged = (department: string, rows: Rows | undefined) => (rows ?? []).map((r) => ({ ...r, department }));
  return [
    ...tagged("tax", s.tax?.violations),
    ...tagged("health", s.health?.records),
    ...tagged("transport", s.transport?.records),
    ...tagged("public-resources", s.publicResources?.records),
    ...tagged("market", s.market?.records),
  ];
}
