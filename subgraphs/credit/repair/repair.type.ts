/** The credit repair process (信用修复) as GraphQL types: rules, applications, materials, history. */
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { DateScalar } from "../../../shared/scalars.js";
import { RepairStatus } from "../directory/credit-record.type.js";
import { RuleSetView } from "./rule-sets.type.js";

@ObjectType({ description: "A rule of the repair rules: for which records, the minimum period, whether early repair is possible, why." })
export class RepairRuleView {
  @Field(() => String, { description: "The dated rule set it belongs to (repairRules.ruleSets: source, effective dates)." })
  ruleSet!: string;

  @Field(() => String, { description: "Department, or * for the defaults." })
  department!: string;

  @Field(() => String, { description: "Category, or * for the defaults." })
  category!: string;

  @Field(() => String, { description: "GENERAL, SERIOUS or *." })
  severity!: string;

  @Field(() => Int, { description: "Months from the decision before an application may be filed." })
  minimumMonths!: number;

  @Field(() => Int, { nullable: true, description: "Months of publicity at most (then the record expires by itself)." })
  maximumMonths!: number | null;

  @Field(() => Boolean, { description: "True: cannot be repaired early at all." })
  neverEarly!: boolean;

  @Field(() => String, { description: "The legal basis (or: ours)." })
  basis!: string;
}

@ObjectType({ description: "The credit repair rules, public: versioned data beside the scoring policy." })
export class RepairRulesView {
  @Field(() => String, { description: "Version." })
  version!: string;

  @Field(() => String, { description: "What they are." })
  description!: string;

  @Field(() => String, { description: "Where the numbers come from; which are ours." })
  provenance!: string;

  @Field(() => [RuleSetView], {
    description: "The dated rule sets (公示与修复规则集), each with its legal source; a record follows the set of its decision date.",
  })
  ruleSets!: RuleSetView[];

  @Field(() => [RepairRuleView], { description: "Each rule set's periods per severity, then its specific rules." })
  rules!: RepairRuleView[];

  @Field(() => [String], { description: "Materials every application needs." })
  requiredMaterials!: string[];

  @Field(() => [String], { description: "Materials an application needs besides where the decision fined (a fine receipt)." })
  requiredMaterialsWhenFined!: string[];

  @Field(() => [String], { description: "Accepted file types." })
  mimeTypes!: string[];

  @Field(() => Int, { description: "Largest file, in bytes." })
  maxBytes!: number;

  @Field(() => Int, { description: "Term of the 信用修复承诺书 in months." })
  commitmentMonths!: number;
}

@InputType({ description: "A document filed with an application." })
export class RepairMaterialInput {
  @Field(() => String, { description: "FINE_RECEIPT, APPLICATION_FORM, COMMITMENT_LETTER, IDENTITY_PAPERS or OTHER." })
  type!: string;

  @Field(() => String, {
    description:
      "File name, kept as a safe base name: directories (/ and \\), control and bidirectional characters dropped, < > \" ' & as _, at most 100 characters (a longer one keeps its extension). The application shows the name kept.",
  })
  fileName!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "application/pdf, image/jpeg or image/png (the rules list them): must be the type the file's bytes show. Required with contentBase64; optional with uploadId (the upload's bytes show it).",
  })
  mimeType?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The file, base64, for a small one (the whole request stays within GraphQL's 64 KiB body). Give this or uploadId.",
  })
  contentBase64?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "A file uploaded before with POST /repair-materials (its answer's uploadId), by the same token subject with the same subjects claim; at most the rules' maxBytes. Give this or contentBase64.",
  })
  uploadId?: string | null;
}

@InputType({ description: "An application for credit repair (信用修复申请) of one record." })
export class ApplyForCreditRepairInput {
  @Field(() => ID, { description: "The subject whose record it is; the token must name it (claim subjects) unless it holds dept:credit." })
  subjectId!: string;

  @Field(() => ID, { description: "The record, in any department." })
  recordId!: string;

  @Field(() => String, { description: "Why the record should be repaired (penalty fulfilled, harm removed), 1–500 characters." })
  reason!: string;

  @Field(() => [RepairMaterialInput], { description: "The materials the rules require." })
  materials!: RepairMaterialInput[];

  @Field(() => String, { description: "The 信用修复承诺书, 1–500 characters: tracked as a credit commitment once approved." })
  commitment!: string;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "The applicant declares the penalty's obligations fulfilled (已经自觉履行行政处罚决定中规定的义务): required true for a market penalty (SAMR Order No. 45 Art. 14 (1)); default false.",
  })
  penaltyFulfilled?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "The applicant declares the harm and bad influence removed (已经主动消除危害后果和不良影响): required true for a market penalty (SAMR Order No. 45 Art. 14 (2)); default false.",
  })
  harmRemoved?: boolean | null;
}

@ObjectType({ description: "A filed document (its content stays with the credit office; the reviewing department downloads it)." })
export class RepairMaterial {
  @Field(() => ID, {
    description: "The material: its file is GET /repair-materials/<id> on the gateway, for the reviewing department (dept:<name>), the credit office or admin.",
  })
  id!: string;

  @Field(() => ID, { description: "The application it was filed with." })
  applicationId!: string;

  @Field(() => ID, { description: "The subject whose application it is: what the audit log records a read of it under." })
  subjectId!: string;

  @Field(() => String, { description: "The type its bytes show: application/pdf, image/jpeg or image/png." })
  mimeType!: string;

  @Field(() => String, { description: "Type." })
  type!: string;

  @Field(() => String, { description: "File name." })
  fileName!: string;

  @Field(() => String, { description: "SHA-256 (hex)." })
  sha256!: string;

  @Field(() => Int, { description: "Size in bytes." })
  size!: number;
}

@ObjectType({ description: "One step of an application: filed, decided, carried out in the department (or released), reinstated." })
export class RepairEvent {
  @Field(() => String, { description: "When (ISO 8601)." })
  at!: string;

  @Field(() => String, {
    description:
      "APPLY, DECIDE (approved: APPROVING; or REJECTED), REINSTATE (REINSTATING), COMPLETE (the department's change done: APPROVED, REINSTATED), RELEASE (the department refused it: back to PENDING or APPROVED) or RETRY (an unanswered department call taken over).",
  })
  action!: string;

  @Field(() => String, { description: "Who (token subject, or the credit office's service)." })
  actor!: string;

  @Field(() => RepairStatus, { description: "The application's status after the step." })
  status!: RepairStatus;
}

@ObjectType({ description: "A credit repair application, its decision and history." })
export class RepairApplication {
  @Field(() => ID, { description: "Application id." })
  id!: string;

  @Field(() => ID, { description: "The subject whose record it is (its USCC or ID number): what the audit log records a read of it under." })
  subjectId!: string;

  @Field(() => String, { description: "The record's department." })
  department!: string;

  @Field(() => ID, { description: "The record." })
  recordId!: string;

  @Field(() => String, { nullable: true, description: "The record's category when applied for." })
  category!: string | null;

  @Field(() => DateScalar, { description: "Date of application." })
  appliedOn!: string;

  @Field(() => DateScalar, { nullable: true, description: "Date of decision." })
  decidedOn!: string | null;

  @Field(() => RepairStatus, { description: "PENDING, APPROVING, APPROVED, REJECTED, REINSTATING or REINSTATED." })
  status!: RepairStatus;

  @Field(() => String, { nullable: true, description: "The applicant's reason." })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: "The reviewer's reason." })
  decisionReason!: string | null;

  @Field(() => ID, { nullable: true, description: "The credit commitment the 信用修复承诺书 became." })
  commitmentId!: string | null;

  @Field(() => [RepairMaterial], { description: "Filed materials." })
  materials!: RepairMaterial[];

  @Field(() => [RepairEvent], { description: "Every step, oldest first." })
  history!: RepairEvent[];
}
