/**
 * `repairMaterial(id)`: one filed material, for the department that reviews its application
 * (`dept:<department>`), the credit office or admin — nobody else, not the applicant's token. The
 * gateway's download route (`GET /repair-materials/<id>`, gateway/src/materials-route.ts) asks it
 * through its own pipeline, so the read is authorised, audited under the subject and masked like
 * any other, and then streams the material's file, which this makes sure is there (a material filed
 * before files were kept has its bytes in its row: written out on first read).
 */
import { Arg, Ctx, Directive, ID, Query, Resolver } from "type-graphql";
import { RECORD_DEPARTMENTS } from "../../../shared/departments.js";
import { createError, ErrorCodes } from "../../../shared/errors.js";
import { deptScope, requiresAnyScope, Scopes } from "../../../shared/scopes.js";
import type { CreditContext } from "../context.js";
import { keepMaterialFile, materialView } from "./materials.js";
import { findMaterial } from "./repair.repo.js";
import { RepairMaterial } from "./repair.type.js";

@Resolver()
export class RepairMaterialResolver {
  @Directive(requiresAnyScope(...RECORD_DEPARTMENTS.map(deptScope), Scopes.ADMIN))
  @Query(() => RepairMaterial, {
    description:
      "One filed repair material, for the department that reviews its application (dept:<department>), the credit office (dept:credit) or admin. Its file: GET /repair-materials/<id> on the gateway.",
  })
  async repairMaterial(
    @Arg("id", () => ID, { description: "The material (RepairMaterial.id)." }) id: string,
    @Ctx() ctx: CreditContext,
  ): Promise<RepairMaterial> {
    const found = await findMaterial(ctx.db, id);
    if (!found) throw createError(ErrorCodes.NOT_FOUND, `No repair material "${id}"`);
    const scopes = ctx.caller.scopes;
    if (![deptScope(found.department), deptScope("credit"), Scopes.ADMIN].some((s) => scopes.includes(s)))
      throw createError(
        ErrorCodes.FORBIDDEN,
        `Only the ${found.department} department, which reviews this application, or the credit office reads its materials`,
      );
    await keepMaterialFile(ctx.config!.dataDir, found);
    return materialView({ id: found.repair_id, subject_id: found.subject_id }, found);
  }
}
