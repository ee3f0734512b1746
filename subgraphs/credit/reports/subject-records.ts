/**
 * Every department's records of a subject, read through the gateway as the credit office's service
 * identity — for special credit reports and for repair applications. A department that does not
 * answer is an error naming it: nothing is stated about a department that was not read.
 */
import { createError, ErrorCodes } from "../../../shared/errors.js";
import { PROFILE_DEPARTMENTS, type ProfileField } from "../../../shared/departments.js";
import type { GatewayQuery } from "../../../shared/gateway-client.js";
import type { RecordView } from "../../../shared/record-view.js";

const RECORD = "id documentNo category severity status decidedOn amount description simpleProcedure";
const QUERY = `query SubjectRecords($id: ID!) { subject(id: $id) {
  name
  listEntries { id list color authority reason listedOn status }
  ${PROFILE_DEPARTMENTS.map((d) => `${d.profileField} { records { ${RECORD} } }`).join("\n  ")}
} }`;

export interface DepartmentRecord extends RecordView {
  department: string;
  simpleProcedure: boolean;
}

type Rows = Omit<DepartmentRecord, "department">[];

interface Answer {
  subject:
    | ({
        name: string;
        listEntries: { id: string; list: string; color: string; authority: string; reason: string; listedOn: string; status: string }[] | null;
      } & { [F in ProfileField]: { records: Rows } | null })
    | null;
}

export interface SubjectRecords {
  name: string;
  listEntries: NonNullable<NonNullable<Answer["subject"]>["listEntries"]>;
  records: DepartmentRecord[];
}

/**
 * The subject's name, list entries and every department's records. Throws NOT_FOUND for a subject
 * the directory does not know, DOWNSTREAM_SERVICE_ERROR naming the first department not read.
 */
export async function readSubjectRecords(
  gateway: GatewayQuery,
  subjectId: string,
  on: { actingFor: string; purpose: string; what: string },
): Promise<SubjectRecords> {
  const answer = await gateway<Answer>(QUERY, { id: subjectId }, on);
  const s = answer.data?.subject;
  const failed = [...new Set((answer.errors ?? []).flatMap((e) => (e.extensions?.department ? [String(e.extensions.department)] : [])))];
  const byDepartment: [string, Rows | undefined][] = s ? PROFILE_DEPARTMENTS.map((d) => [d.name, s[d.profileField]?.records]) : [];
  const unread = [...new Set([...(s && !s.listEntries ? ["credit"] : []), ...byDepartment.filter(([, rows]) => !rows).map(([d]) => d), ...failed])];
  if (unread.length > 0 || (!s && answer.errors?.length)) {
    const who = unread.join(", ") || answer.errors?.[0]?.message;
    throw createError(ErrorCodes.DOWNSTREAM_SERVICE_ERROR, `${on.what}: ${who} could not be read`, { department: unread[0] ?? "credit" });
  }
  if (!s) throw createError(ErrorCodes.NOT_FOUND, "No subject with this id in the directory");
  return {
    name: s.name,
    listEntries: s.listEntries!,
    records: byDepartment.flatMap(([department, rows]) => rows!.map((r) => ({ ...r, department }))),
  };
}
