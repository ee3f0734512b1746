/**
 * The notices worker: one pass reads the record departments' outboxes (主动告知), scans the watched
 * records' dates on its clock (到期提醒), the credit office's own dates (跟踪回访 after an approved
 * repair, list terms and commitments ending: notice-terms.ts), reads the evaluation's grade history
 * (grade changes: notice-grades.ts), and delivers what is due from the durable queue. Passes never
 * overlap; the clock is injectable (`clock`), so tests drive it by explicit ticks and dates.
 *
 * Why a worker beside the credit office and not a subgraph of its own: its tables are the credit
 * office's (consents, directory: the same database), it serves no department of its own, and a new
 * subgraph would touch every place derived from the department list (scopes, the security
 * matrix, outage tests) for two fields the credit office can serve itself (notice.resolver.ts).
 */
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Config } from "../../../shared/config.js";
import { DEPARTMENTS } from "../../../shared/departments.js";
import { todayInChina } from "../../../shared/scalars.js";
import type { CreditDB } from "../db.js";
import { type DeliveryOptions, type DeliveryReport, deliverDue } from "./notice-delivery.js";
import { webhookAgent } from "./webhook-agent.js";
import { type OutboxSource, readOutboxes, scanDueDates } from "./notice-events.js";
import type { GradeHistoryDB } from "../../../shared/grade-history.js";
import { readGradeHistory } from "./notice-grades.js";
import { scanCreditTerms } from "./notice-terms.js";

export interface NoticeWorkerOptions {
  db: Kysely<CreditDB>;
  source: OutboxSource;
  delivery: DeliveryOptions;
  /** The worker's clock: due dates (its Beijing day), backoff and leases. @default () => new Date() */
  clock?: () => Date;
  /** The evaluation's database, read for its grade history (grade-change notices); unset: none are told. */
  grades?: Kysely<GradeHistoryDB>;
}

export interface TickReport extends DeliveryReport {
  /** Notices queued (or logged as skipped) by the outboxes and the date scan. */
  queued: number;
  /** Departments whose outbox could not be read (read again next pass). */
  failed: Record<string, string>;
}

export interface NoticeWorker {
  /** One pass; a call while one runs waits for it, then runs its own. */
  tick(): Promise<TickReport>;
  /** Resolves when no pass is running. */
  idle(): Promise<void>;
}

export function createNoticeWorker(options: NoticeWorkerOptions): NoticeWorker {
  const clock = options.clock ?? (() => new Date());
  let running: Promise<unknown> = Promise.resolve();
  const pass = async (): Promise<TickReport> => {
    const now = clock();
    const events = await readOutboxes(options.db, options.source, now);
    const dated = await scanDueDates(options.db, todayInChina(now), now);
    const terms = await scanCreditTerms(options.db, todayInChina(now), now);
    let graded = 0;
    // The evaluation's database not readable (not migrated yet, down): its changes wait for the next pass.
    if (options.grades)
      graded = await readGradeHistory(options.db, options.grades, now).catch((error: Error) => {
        events.failed.evaluation = error.message;
        return 0;
      });
    const delivered = await deliverDue(options.db, options.delivery, clock);
    return { queued: events.queued + dated + terms + graded, failed: events.failed, ...delivered };
  };
  return {
    tick() {
      const next = running.then(pass);
      running = next.catch(() => undefined);
      return next;
    },
    async idle() {
      await running;
    },
  };
}

/** The record departments whose outboxes hold penalties (those with a record table). */
export const outboxSourceOf = (config: Config): OutboxSource => ({
  departments: DEPARTMENTS.filter((d) => d.records !== null).map((d) => ({ name: d.name, url: config.departments[d.name].url })),
  secret: config.gatewaySecret,
});

/** The delivery settings of the configuration, for a worker named uniquely (its leases). */
export const deliveryOptionsOf = (config: Config): DeliveryOptions => ({
  owner: `notices-${process.pid}-${randomBytes(4).toString("hex")}`,
  maxTries: config.notices.maxTries,
  perChannelPerMinute: config.notices.perChannelPerMinute,
  codeChannel: config.notices.codeChannel,
  leaseMs: config.notices.leaseSeconds * 1000,
  // A try ends well inside its lease: no other worker takes a row over while its try may still succeed.
  timeoutMs: Math.min(10_000, (config.notices.leaseSeconds * 1000) / 2),
  dispatcher: webhookAgent(config.nodeEnv === "production"),
});
