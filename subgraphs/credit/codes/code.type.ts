/** The 个人诚信码 registration: a person's consent that partners may check and record 信易+ benefits. */
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { defineValueSet, type ValueOf } from "../../../shared/value-set.js";

export const CodeRegistrationStatus = defineValueSet("CodeRegistrationStatus", "Whether a person holds an active 个人诚信码 registration.", {
  NONE: "未注册: never registered",
  ACTIVE: "已注册: registered, consent in force",
  REVOKED: "已注销: the person revoked the registration",
});
export type CodeRegistrationStatus = ValueOf<typeof CodeRegistrationStatus>;

export const CodeConsent = defineValueSet("CodeConsent", "What a person consents to when registering for the 个人诚信码.", {
  INCENTIVE_CHECK: "合作单位核验信易+资格 (partners may ask yes/no: may this person use my offer?) — required",
  INCENTIVE_REDEEM: "享受优惠时登记使用记录 (partners record the benefits used)",
  NOTIFICATIONS: "接收信用提醒 (credit notices, e.g. a repair that becomes possible): the earlier general consent, counts as NOTICE_REPAIR and NOTICE_GRADE",
  NOTICE_REPAIR: "接收主动告知与到期提醒 (a penalty recorded, the date a repair may be applied for, a publicity term ending: subgraphs/credit/notices/)",
  NOTICE_GRADE: "接收信用等级变动告知 (a change of the person's credit colour, with its reasons; not sent yet)",
});
export type CodeConsent = ValueOf<typeof CodeConsent>;

@ObjectType({ description: "A person's 个人诚信码 registration (consent), as the credit office holds it." })
export class CreditCode {
  @Field(() => CodeRegistrationStatus, { description: "NONE, ACTIVE or REVOKED (the latest registration's state)." })
  status!: CodeRegistrationStatus;

  @Field(() => ID, { nullable: true, description: "The latest registration's id; null when never registered." })
  registrationId!: string | null;

  @Field(() => String, { nullable: true, description: "When the person registered (ISO 8601)." })
  registeredAt!: string | null;

  @Field(() => String, { nullable: true, description: "Channel of the registration, e.g. 浙里办." })
  channel!: string | null;

  @Field(() => [CodeConsent], { description: "What the person consented to; empty when never registered or revoked." })
  consents!: CodeConsent[];

  @Field(() => String, { nullable: true, description: "When the registration was revoked (ISO 8601)." })
  revokedAt!: string | null;
}

@InputType({ description: "A person's registration for the 个人诚信码." })
export class RegisterCreditCodeInput {
  @Field(() => ID, { description: "The person's 居民身份证号码; must be in the directory." })
  subjectId!: string;

  @Field(() => String, { description: "Where the person registers (1–40 characters), e.g. 浙里办." })
  channel!: string;

  @Field(() => [CodeConsent], { description: "What the person consents to; must include INCENTIVE_CHECK." })
  consents!: CodeConsent[];
}

@ObjectType({
  description:
    "A 个人诚信码 as its holder shows it (the QR code of the 浙里办 app): a short-lived signed token a partner scans and passes to checkEligibility or redeemIncentive instead of an ID number. It names the person only sealed; one check and one redemption, for one offer, before it expires.",
})
export class CodePresentation {
  @Field(() => String, {
    description: "The token (compact JWS, EdDSA, typ xinyi-code+jwt): the QR code's content. Verifiable offline with codePresentationKey.",
  })
  token!: string;

  @Field(() => String, { description: "When it expires (ISO 8601), at most 5 minutes after issue." })
  expiresAt!: string;

  @Field(() => [CodeConsent], { description: "The consents it carries (the registration's, at issue)." })
  consents!: CodeConsent[];

  @Field(() => String, { description: "The QR code of the token as an SVG image, as the app shows it." })
  qrSvg!: string;
}
