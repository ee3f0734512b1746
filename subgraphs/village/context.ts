/** The village archive's per-request context: the kernel's record context, its households' loaders, the point-event writer and its cursors. */
import type { Kysely } from "kysely";
import type { Caller } from "../../shared/caller.js";
import { createGroupLoader, createRowLoader } from "../../shared/loader.js";
import type { WriteScope } from "../../shared/record-changes.js";
import { bySubject } from "../../shared/records/context.js";
import { departmentContext } from "../../shared/records/department.js";
import type { DepartmentServices } from "../../shared/subgraph.js";
import type { VillageDB } from "./db.js";
import type { PointEventStore } from "./point-events.js";
import { loadEventsOf, loadHouseholds, loadMembersOf, loadMemberships, loadRulesOf, loadVillages } from "./village.repo.js";

const recordContext = departmentContext("village", (db: Kysely<VillageDB>) => ({ memberships: bySubject((ids) => loadMemberships(db, ids)) }));

export function createVillageContext(db: Kysely<VillageDB>, caller: Caller, services: DepartmentServices, scope?: WriteScope) {
  const base = recordContext(db, caller, services, scope);
  const byHousehold = <T extends { household_id: string }>(load: (ids: readonly string[]) => Promise<T[]>) => createGroupLoader(load, (r) => r.household_id);
  const households = {
    households: createRowLoader(
      (ids) => loadHouseholds(db, ids),
      (h) => h.id,
    ),
    members: byHousehold((ids) => loadMembersOf(db, ids)),
    events: byHousehold((ids) => loadEventsOf(db, ids)),
    villages: createRowLoader(
      (ids) => loadVillages(db, ids),
      (v) => v.id,
    ),
    rules: createGroupLoader(
      (ids) => loadRulesOf(db, ids),
      (r) => r.village_id,
    ),
  };
  const pointEvents: PointEventStore = { db, scope: base.records.scope, findMissingSubjects: services.findMissingSubjects };
  return { ...base, loaders: { ...base.loaders, ...households }, pointEvents, cursors: services.cursors };
}

export type VillageContext = ReturnType<typeof createVillageContext>;
