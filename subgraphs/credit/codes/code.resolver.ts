/** `Subject.creditCode` and the 个人诚信码 registration mutations (consent). Thin: args → repo → result. */
import QRCode from "qrcode";
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { createError, createValidationError, ErrorCodes } from "../../../shared/errors.js";
import { parseSubjectId } from "../../../shared/ids.js";
import { deptScope, readRecordsOf, requiresAnyScope, Scopes } from "../../../shared/scopes.js";
import { checkText } from "../../../shared/text.js";
import { codeKey, issuePresentation, PRESENTATION_MAX_SECONDS } from "../../../shared/presentation.js";
import { type CodeConsent, CodePresentation, CreditCode, RegisterCreditCodeInput } from "./code.type.js";
import { registerCode, revokeCode } from "./code.repo.js";
import type { CreditContext } from "../context.js";
import type { CodeRegistrationRow } from "../db.js";
import { Subject } from "../directory/subject.type.js";

const REGISTER = requiresAnyScope(Scopes.CODE_REGISTER, deptScope("credit"), Scopes.ADMIN);

export function toCreditCode(row: CodeRegistrationRow | undefined): CreditCode {
  if (!row) return { status: "NONE", registrationId: null, registeredAt: null, channel: null, consents: [], revokedAt: null };
  return {
    status: row.status,
    registrationId: row.id,
    registeredAt: row.registered_at,
    channel: row.channel,
    consents: row.status === "ACTIVE" ? (row.consents.split(",") as CodeConsent[]) : [],
    revokedAt: row.revoked_at,
  };
}

/** A person of the directory, or the coded error saying why not. */
async function personOf(argument: string, id: string, ctx: CreditContext): Promise<string> {
  const parsed = parseSubjectId(id);
  if (!parsed.ok) throw createValidationError([{ field: argument, message: parsed.problem.message }]);
  if (parsed.value.kind !== "PERSON") throw createValidationError([{ field: argument, message: "the 个人诚信码 is for persons (居民身份证号码)" }]);
  if (!(await ctx.loaders.subject.load(parsed.value.id))) throw createError(ErrorCodes.NOT_FOUND, `No subject ${argument} in the directory`);
  return parsed.value.id;
}

@Resolver(() => Subject)
export class CodeResolver {
  @Directive(readRecordsOf("credit"))
  @FieldResolver(() => CreditCode, { description: "The person's 个人诚信码 registration (consent); NONE for organisations and unregistered persons." })
  async creditCode(@Root() subject: Subject, @Ctx() ctx: CreditContext): Promise<CreditCode> {
    const rows = await ctx.loaders.codeRegistrations.load(subject.id);
    return toCreditCode(rows[rows.length - 1]);
  }

  @Directive(REGISTER)
  @Mutation(() => CreditCode, { description: "Registers a person for the 个人诚信码 with their consent (audited). Refused while one is active." })
  async registerCreditCode(
    @Arg("input", () => RegisterCreditCodeInput, { description: "The registration." }) input: RegisterCreditCodeInput,
    @Ctx() ctx: CreditContext,
  ) {
    const channel = checkText("channel", input.channel, 40);
    const problems = [
      ...(channel.problem ? [channel.problem] : []),
      ...(input.consents.includes("INCENTIVE_CHECK") ? [] : [{ field: "consents", message: "must include INCENTIVE_CHECK (partners' yes/no check)" }]),
    ];
    if (problems.length > 0) throw createValidationError(problems);
    const subjectId = await personOf("input.subjectId", input.subjectId, ctx);
    return toCreditCode(await registerCode(ctx.db, ctx.scope, { subjectId, channel: channel.text, consents: [...new Set(input.consents)] }));
  }

  @Directive(REGISTER)
  @Mutation(() => CodePresentation, {
    description:
      "Issues a presentation of a registered person's 个人诚信码 (the QR code the app shows): for the 诚信码 channel, on the person's request. Only with an ACTIVE registration that consents to INCENTIVE_CHECK.",
  })
  async issueCodePresentation(
    @Arg("subjectId", () => ID, { description: "The person's 居民身份证号码." }) subjectId: string,
    @Arg("seconds", () => Int, { nullable: true, description: "How long it lives, 30–300 seconds. Default 300." }) seconds: number | undefined,
    @Ctx() ctx: CreditContext,
  ): Promise<CodePresentation> {
    if (seconds != null && (seconds < 30 || seconds > PRESENTATION_MAX_SECONDS)) {
      throw createValidationError([{ field: "seconds", message: `must be 30–${PRESENTATION_MAX_SECONDS}` }]);
    }
    const person = await personOf("subjectId", subjectId, ctx);
    const rows = await ctx.loaders.codeRegistrations.load(person);
    const code = toCreditCode(rows[rows.length - 1]);
    if (code.status !== "ACTIVE" || !code.consents.includes("INCENTIVE_CHECK")) {
      throw createError(ErrorCodes.CONFLICT, "The person holds no active 个人诚信码 registration that consents to partners' checks");
    }
    const config = ctx.config!;
    const { token, presentation } = await issuePresentation(
      { subjectId: person, consents: code.consents },
      codeKey(config.codes.keyFile, config.dataDir),
      config.gatewaySecret,
      seconds ?? PRESENTATION_MAX_SECONDS,
    );
    return { token, expiresAt: presentation.expiresAt.toISOString(), consents: code.consents, qrSvg: await QRCode.toString(token, { type: "svg", margin: 2 }) };
  }

  @Query(() => String, { description: "The public key (PEM, Ed25519) that verifies 个人诚信码 presentations offline. Public." })
  codePresentationKey(@Ctx() ctx: CreditContext): string {
    return codeKey(ctx.config!.codes.keyFile, ctx.config!.dataDir).publicKeyPem;
  }

  @Directive(REGISTER)
  @Mutation(() => CreditCode, { description: "Revokes a person's 个人诚信码 registration (audited): no partner can check or redeem for them afterwards." })
  async revokeCreditCode(
    @Arg("subjectId", () => ID, { description: "The person's 居民身份证号码." }) subjectId: string,
    @Arg("reason", () => String, { description: "Why (1–200 characters), e.g. 本人申请注销." }) reason: string,
    @Ctx() ctx: CreditContext,
  ) {
    const why = checkText("reason", reason, 200);
    if (why.problem) throw createValidationError([why.problem]);
    return toCreditCode(await revokeCode(ctx.db, ctx.scope, await personOf("subjectId", subjectId, ctx), why.text));
  }
}
