/** The whole-profile selection the bench loads (and the cost test holds to the default cost limit). */
const RECORD = "id category severity decidedOn publicityEndsOn closedOn";
export const PROFILE_FIELDS = `id name kind district
  listEntries { id list status listedOn expiresOn } commitments { id fulfilment dueOn fulfilledOn }
  tax { ratings { year level } violations { ${RECORD} } }
  health { payAfterVisits records { ${RECORD} } }
  transport { couponUses records { ${RECORD} } }
  publicResources { warningThreshold records { ${RECORD} points pointsValidUntil } }
  market { complaints records { ${RECORD} } }
  evaluation(asOf: "2026-11-01") { score level codeColor complete reasons { department recordId points } }`;
