/** GraphQL enums every department's records share (severity, status). */
import { registerEnumType } from "type-graphql";

export enum SeverityEnum {
  GENERAL = "GENERAL",
  SERIOUS = "SERIOUS",
}
registerEnumType(SeverityEnum, {
  name: "Severity",
  description: "Severity of a record: general (一般失信) or serious (严重失信); sets the publicity period.",
});

export enum RecordStatusEnum {
  ACTIVE = "ACTIVE",
  REPAIRED = "REPAIRED",
  EXPIRED = "EXPIRED",
}
registerEnumType(RecordStatusEnum, {
  name: "RecordStatus",
  description: "ACTIVE: counts and is shown; REPAIRED (已修复) or EXPIRED (公示期满): kept but no longer counts.",
});
