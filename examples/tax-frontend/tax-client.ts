/**
 * The tax bureau's frontend (市税务局) talking to the gateway: its operations, written here, and
 * the types GraphQL Code Generator makes of them (./graphql.ts, by codegen.ts) — a field or
 * variable the schema does not have is a compile error. Run with a dept:tax token.
 */
import type {
  RecordTaxViolationInput,
  RecordViolationMutation,
  RecordViolationMutationVariables,
  TaxRecordsQuery,
  TaxRecordsQueryVariables,
} from "./graphql.js";

/** A subject's tax records: its rating, arrears and violation decisions (`records`, as every department names its list). */
export const TAX_RECORDS = /* GraphQL */ `
  query TaxRecords($id: ID!) {
    subject(id: $id) {
      id
      name
      kind
      tax {
        latestRating {
          year
          level
          score
        }
        outstandingArrears
        records {
          id
          documentNo
          category
          severity
          status
          amount
          decidedOn
          publicityEndsOn
        }
      }
    }
  }
`;

/** Records a tax violation the bureau decided. */
export const RECORD_VIOLATION = /* GraphQL */ `
  mutation RecordViolation($input: RecordTaxViolationInput!) {
    recordTaxViolation(input: $input) {
      id
      documentNo
      status
      publicityEndsOn
    }
  }
`;

interface Answer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function post<T, V>(gateway: string, token: string, query: string, variables: V): Promise<Answer<T>> {
  const response = await fetch(gateway, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Answer<T>;
}

/** The subject's latest tax credit level and the document numbers of its active violations. */
export async function activeViolations(gateway: string, token: string, id: string): Promise<{ level: string | null; documents: string[] }> {
  const answer = await post<TaxRecordsQuery, TaxRecordsQueryVariables>(gateway, token, TAX_RECORDS, { id });
  const tax = answer.data?.subject?.tax;
  return {
    level: tax?.latestRating?.level ?? null,
    documents: (tax?.records ?? []).filter((v) => v.status === "ACTIVE").map((v) => v.documentNo),
  };
}

/** Records a late filing decided on a date; the new record's id, or the refusal's code. */
export async function recordLateFiling(
  gateway: string,
  token: string,
  record: { subjectId: string; documentNo: string; decidedOn: string },
): Promise<{ id?: string; code?: string }> {
  const input: RecordTaxViolationInput = { ...record, category: "LATE_FILING", severity: "GENERAL", description: "未按期办理纳税申报" };
  const answer = await post<RecordViolationMutation, RecordViolationMutationVariables>(gateway, token, RECORD_VIOLATION, { input });
  return { id: answer.data?.recordTaxViolation.id, code: answer.errors?.[0]?.extensions?.code };
}
