/**
 * A department record as a client reads it over GraphQL: the fields every department's record type
 * has (shared/record.type.ts), enums as their strings. The web pages and the credit report's reader
 * extend it with the fields their queries add.
 */
export interface RecordView {
  id: string;
  documentNo: string;
  category: string;
  severity: string;
  status: string;
  decidedOn: string;
  amount: number | null;
  description: string;
}
