/**
 * The whole-profile selection the bench loads (and the cost test holds to the default cost limit):
 * the facts the evaluation reads from every department (its `@requires`), a figure of each
 * department beside them, and the evaluation.
 */
import { REQUIRED_FIELDS } from "../../subgraphs/evaluation/profile.type.js";

export const PROFILE_FIELDS = `id name kind district ${REQUIRED_FIELDS}
  health { payAfterVisits } transport { couponUses } market { complaints }
  evaluation(asOf: "2026-11-01") { score level codeColor complete reasons { department recordId points } }`;
