import { randomUUID } from 'node:crypto';
import type { DigestSubscriber, DigestSubscriberRepository } from '../directory/subscriber.js';
import type { ExpiredTermCountDeps } from '../documents/term-expiry.js';
import type { Clock } from '../platform/clock.js';
import type { Mailer } from '../platform/mail/mailer.js';
import { PermanentMailError, TransientMailError } from '../platform/mail/mailer.js';
import { recipientHash, type SendOnceLedger } from '../platform/send-once/ports.js';
import type { RegionRepository } from '../regions/region.js';
import { buildDigest, runRecordOf } from './build-digest.js';
import { digestCsv, digestCsvFilename } from './csv.js';
import type { DigestRunStore, DigestSource } from './ports.js';
import { type DigestTemplateOptions, renderDigest } from './templates.js';

export interface SendDigestsDeps {
  readonly regions: RegionRepository;
  readonly source: DigestSource;
  readonly runs: DigestRunStore;
  /** One record per (run, recipient), keyed by `deliveryKey`. */
  readonly deliveries: SendOnceLedger;
  readonly subscribers: DigestSubscriberRepository;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly templates: DigestTemplateOptions;
  /** The deployment scope: the scheduled run sends the digests of every region inside it. */
  readonly scope: string;
  /** What counting the KIM whose term has ended reads (see BuildDigestDeps). */
  readonly terms?: ExpiredTermCountDeps;
  /** @default randomUUID */
  readonly newAttemptId?: () => string;
}

export interface SendDigestsRequest {
  /** Names the run: the scheduled time for a schedule, the request time for a send-now. */
  readonly runId: string;
  /** The moment the digests describe. */
  readonly at: Date;
  /** Only this region's subscribers; every subscriber in the scope when absent. */
  readonly regionCode?: string | undefined;
}

/** What happened to the digest of one region. */
export interface RegionOutcome {
  readonly regionCode: string;
  readonly subscribers: number;
  readonly sent: number;
  /** Delivered (or refused for good) by an earlier attempt of the same run. */
  readonly skipped: number;
  /** Refused for good by the mail provider (a bad address): not retried. */
  readonly refused: number;
  /** Failed this time, or held by another attempt's unexpired claim; a retry of the run sends them. */
  readonly failed: number;
}

export interface SendDigestsResult {
  readonly runId: string;
  readonly regions: readonly RegionOutcome[];
}

/** The digest run failed for some subscribers; the outcome says which regions and how many. */
export class DigestDeliveryError extends Error {
  override readonly name = 'DigestDeliveryError';
  constructor(
    readonly result: SendDigestsResult,
    readonly causes: readonly string[],
  ) {
    const failed = result.regions.reduce((sum, region) => sum + region.failed, 0);
    super(`${failed} digest email(s) failed in run ${result.runId}: ${causes.join('; ')}`);
  }
}

/** The delivery record key of a run for a region: one email per (run, recipient). */
export const deliveryKey = (regionCode: string, runId: string) => `digest#${regionCode}#${runId}`;

/**
 * A claim older than this is taken to belong to a crashed attempt and may be taken over: far
 * longer than one send, shorter than the schedule's retries.
 */
export const DELIVERY_LEASE_MS = 10 * 60 * 1000;

const PAGE = 100;

const subscribersOf = async (
  deps: SendDigestsDeps,
  regionCode: string | undefined,
): Promise<Map<string, DigestSubscriber[]>> => {
  const byRegion = new Map<string, DigestSubscriber[]>();
  let cursor: string | undefined;
  do {
    const page = await deps.subscribers.list({
      regionCode: regionCode ?? deps.scope,
      includeDescendants: regionCode === undefined,
      limit: PAGE,
      cursor,
    });
    for (const subscriber of page.items) {
      const list = byRegion.get(subscriber.regionCode) ?? [];
      list.push(subscriber);
      byRegion.set(subscriber.regionCode, list);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return byRegion;
};

/** What a failure is reported as: a mail provider's message may quote the address, so mail errors by name only. */
const describe = (error: unknown) => {
  if (error instanceof PermanentMailError || error instanceof TransientMailError) return error.name;
  return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
};

/**
 * Sends each subscriber the digest of their region: each region's digest is built once for all
 * its subscribers; one failure stops neither the region's other subscribers nor other regions.
 * Every (run, recipient) is claimed before sending, so a retried run sends nobody twice. The
 * region's run record (what the next digest compares with) is written after its emails went out.
 * Throws DigestDeliveryError at the end when any email failed, so the schedule's retry sees it.
 */
export const sendDigests = async (
  deps: SendDigestsDeps,
  request: SendDigestsRequest,
): Promise<SendDigestsResult> => {
  const byRegion = await subscribersOf(deps, request.regionCode);
  const newAttemptId = deps.newAttemptId ?? randomUUID;
  const outcomes: RegionOutcome[] = [];
  const causes: string[] = [];
  for (const [regionCode, subscribers] of [...byRegion].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const counts = { sent: 0, skipped: 0, refused: 0, failed: 0 };
    try {
      const lastRun = await deps.runs.lastRun(regionCode);
      const digest = await buildDigest(deps, { regionCode, runId: request.runId, at: request.at, lastRun });
      const rendered = renderDigest(digest, deps.templates);
      const attachment = {
        filename: digestCsvFilename(digest, deps.templates.timeZone),
        contentType: 'text/csv',
        content: digestCsv(digest),
      };
      const runKey = deliveryKey(regionCode, request.runId);
      for (const subscriber of subscribers) {
        try {
          const outcome = await deps.deliveries.claim({
            sendKey: runKey,
            recipientHash: recipientHash(subscriber.email),
            now: deps.clock.now(),
            leaseMs: DELIVERY_LEASE_MS,
            attemptId: newAttemptId(),
            facts: { subscriberId: subscriber.id },
          });
          if (outcome.kind === 'sent' || outcome.kind === 'refused') {
            counts.skipped++;
            continue;
          }
          if (outcome.kind === 'in-progress') {
            // Another attempt holds the claim, or crashed holding it: fail this run so the schedule
            // retries it, and a retry after the lease sends the email if that attempt never did.
            counts.failed++;
            causes.push(`${regionCode} subscriber ${subscriber.id}: claimed by another attempt`);
            continue;
          }
          let messageId: string;
          try {
            ({ messageId } = await deps.mailer.send({
              to: subscriber.email,
              subject: rendered.subject,
              html: rendered.html,
              text: rendered.text,
              attachments: [attachment],
            }));
          } catch (error) {
            if (error instanceof PermanentMailError) {
              await deps.deliveries.markRefused(outcome.claim, describe(error), deps.clock.now());
              counts.refused++;
            } else {
              await deps.deliveries.release(outcome.claim);
              counts.failed++;
              causes.push(`${regionCode} subscriber ${subscriber.id}: ${describe(error)}`);
            }
            continue;
          }
          // The email is out: a failure to record it leaves the claim to its lease (the crash window).
          await deps.deliveries.markSent(outcome.claim, messageId, deps.clock.now());
          counts.sent++;
        } catch (error) {
          counts.failed++;
          causes.push(`${regionCode} subscriber ${subscriber.id}: ${describe(error)}`);
        }
      }
      if (counts.sent + counts.skipped + counts.refused > 0) {
        await deps.runs.saveRun(runRecordOf(digest, lastRun));
      }
    } catch (error) {
      counts.failed = subscribers.length - counts.sent - counts.skipped - counts.refused;
      causes.push(`${regionCode}: ${describe(error)}`);
    }
    outcomes.push({ regionCode, subscribers: subscribers.length, ...counts });
  }
  const result = { runId: request.runId, regions: outcomes };
  if (causes.length > 0) throw new DigestDeliveryError(result, causes);
  return result;
};
