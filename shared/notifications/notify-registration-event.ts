import { randomUUID } from 'node:crypto';
import type { Officer, OfficerRepository } from '../directory/officer.js';
import type { RegistrationEvent } from '../events/registration-event.js';
import type { Clock } from '../platform/clock.js';
import { logger } from '../platform/logger.js';
import { type Mailer, PermanentMailError } from '../platform/mail/mailer.js';
import { levelOf, lineageOf } from '../platform/region-codes.js';
import { recipientHash, type SendOnceLedger } from '../platform/send-once/ports.js';
import type { RegionRepository } from '../regions/region.js';
import type { GetRegistrationOptions } from '../registrations/ports.js';
import type { Registration } from '../registrations/registration.js';
import type { OfficerMailStatus, RecipientKind } from './ports.js';
import { type RenderedEmail, registrationReviewedEmail, registrationSubmittedEmail } from './templates.js';

/** Ports and settings of the notification use case. */
export interface NotifyDeps {
  readonly registrations: {
    get(id: string, options?: GetRegistrationOptions): Promise<Registration | undefined>;
  };
  readonly regions: Pick<RegionRepository, 'get'>;
  readonly officers: Pick<OfficerRepository, 'list'>;
  readonly officerMail: OfficerMailStatus;
  /** One record per (event, recipient), keyed by the event id. */
  readonly ledger: SendOnceLedger;
  readonly mailer: Mailer;
  readonly clock: Clock;
  /** Base of the links in emails, without a trailing slash. */
  readonly appBaseUrl: string;
  /**
   * How long a claim protects a send. Longer than the consumer's timeout (an attempt still
   * sending keeps it), shorter than the queue's visibility timeout (the redelivery after a crash
   * finds it expired and sends).
   */
  readonly leaseMs: number;
  /** @default randomUUID */
  readonly newAttemptId?: () => string;
  /**
   * Mints the one-time workspace link a verification email carries (a fresh one for each send).
   * @default none: the email goes without a link
   */
  readonly signInLinks?: SignInLinkIssuer;
}

/** Creates a one-time link into a registration's workspace (see shared/workspace). */
export interface SignInLinkIssuer {
  issue(registrationId: string): Promise<{ readonly url: string; readonly validUntil: string }>;
}

/** Per-call limits: the function's remaining time, so no send starts that could not finish. */
export interface NotifyOptions {
  /** Milliseconds left before the function times out. @default unlimited */
  readonly remainingTimeMs?: () => number;
  /**
   * No new send starts with less time than this left: the longest one send can take with its
   * retries (about 17.4 s with the SES client's timeouts), plus the records' writes.
   * @default 20000
   */
  readonly reserveMs?: number;
}

/** Counts of what happened to an event's recipients. */
export interface NotifyResult {
  readonly kind: 'officers' | 'contact' | 'none';
  /** Why nothing was sent, when `kind` is 'none' or the registration was not usable. */
  readonly skippedBecause?: 'not-a-notified-change' | 'registration-missing' | 'registration-moved';
  readonly recipients: number;
  readonly sent: number;
  /** Already SENT or REFUSED by an earlier delivery of the same event. */
  readonly alreadyDone: number;
  readonly failedPermanent: number;
  /** Sent again after an earlier attempt's lease expired (it crashed mid-send). */
  readonly takenOver: number;
}

/** Some recipients of the event are still owed their email: the message must be delivered again. */
export class NotificationIncompleteError extends Error {
  override readonly name = 'NotificationIncompleteError';
  constructor(
    readonly counts: {
      readonly retryable: number;
      readonly inProgressElsewhere: number;
      readonly deferred: number;
    },
    readonly causes: readonly string[],
  ) {
    super(
      `Notification incomplete: ${counts.retryable} failed for now (${[...new Set(causes)].join(', ') || 'none'}), ${counts.inProgressElsewhere} in progress elsewhere, ${counts.deferred} deferred for lack of time`,
    );
  }
}

export interface Recipient {
  readonly kind: RecipientKind;
  /** Lower-cased address. */
  readonly email: string;
  /** The directory ids of the officers with this address. */
  readonly officerIds: readonly string[];
}

const OFFICER_PAGE_SIZE = 100;

/** The regency, district and village the village belongs to (codes), the levels officers serve. */
const notifiedRegionCodes = (villageCode: string) =>
  lineageOf(villageCode).filter((code) => ['regency', 'district', 'village'].includes(levelOf(code)));

/** Active officers of exactly these regions whose address has not bounced for good. */
const officersOf = async (
  deps: Pick<NotifyDeps, 'officers'>,
  regionCodes: readonly string[],
): Promise<Officer[]> => {
  const found: Officer[] = [];
  for (const regionCode of regionCodes) {
    let cursor: string | undefined;
    do {
      const page = await deps.officers.list({
        regionCode,
        includeDescendants: false,
        limit: OFFICER_PAGE_SIZE,
        cursor,
      });
      found.push(...page.items.filter((officer) => officer.regionCode === regionCode));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }
  return found.filter((officer) => officer.active && officer.emailUndeliverable === undefined);
};

/** One recipient per address: an officer listed at two levels gets one email. */
const byAddress = (officers: readonly Officer[]): Recipient[] => {
  const recipients = new Map<string, string[]>();
  for (const officer of officers) {
    const email = officer.email.trim().toLowerCase();
    recipients.set(email, [...(recipients.get(email) ?? []), officer.id]);
  }
  return [...recipients].map(([email, officerIds]) => ({ kind: 'officer', email, officerIds }));
};

/**
 * The officers who hear about a KIM of `villageCode`: the active ones of its village, district and
 * regency with a deliverable address, one recipient per address.
 */
export const notifiedOfficers = async (
  deps: Pick<NotifyDeps, 'officers'>,
  villageCode: string,
): Promise<Recipient[]> => byAddress(await officersOf(deps, notifiedRegionCodes(villageCode)));

const errorName = (error: unknown) =>
  error instanceof Error ? error.name : typeof error === 'object' && error !== null ? 'object' : typeof error;

type Plan =
  | { readonly kind: 'officers'; readonly resubmission: boolean }
  | { readonly kind: 'contact'; readonly outcome: 'VERIFIED' | 'REJECTED' }
  | { readonly kind: 'none' };

/** Which emails a change calls for. */
export const planFor = (event: RegistrationEvent): Plan => {
  if (
    event.newStatus === 'SUBMITTED' &&
    (event.oldStatus !== 'SUBMITTED' || event.oldVillageCode !== event.villageCode)
  ) {
    return { kind: 'officers', resubmission: event.oldStatus !== null };
  }
  if (
    (event.newStatus === 'VERIFIED' || event.newStatus === 'REJECTED') &&
    event.oldStatus !== event.newStatus
  ) {
    return { kind: 'contact', outcome: event.newStatus };
  }
  return { kind: 'none' };
};

/**
 * Sends the emails one registration change calls for, exactly once per (event, recipient):
 * - a new or resubmitted registration: every active PPID officer of its village, district and
 *   regency (never another region's), with the details and a review link;
 * - a verification or rejection: the KIM's contact, with the reason where there is one.
 *
 * Each send runs under a claim in the ledger; a SENT or REFUSED record is never sent
 * again. A permanent refusal marks the officer's address undeliverable. Transient failures do
 * not stop the other recipients; the call then throws NotificationIncompleteError so the queue
 * delivers the message again, and only the recipients still owed are tried.
 */
export const notifyRegistrationEvent = async (
  deps: NotifyDeps,
  event: RegistrationEvent,
  options: NotifyOptions = {},
): Promise<NotifyResult> => {
  const plan = planFor(event);
  const none = { recipients: 0, sent: 0, alreadyDone: 0, failedPermanent: 0, takenOver: 0 };
  if (plan.kind === 'none') return { kind: 'none', skippedBecause: 'not-a-notified-change', ...none };

  const registration = await deps.registrations.get(event.registrationId, { consistent: true });
  if (registration === undefined) return { kind: plan.kind, skippedBecause: 'registration-missing', ...none };

  let recipients: Recipient[];
  let email: RenderedEmail;
  // The verification email's sign-in link is minted just before its send, so a redelivery sends a fresh one.
  let render: () => Promise<RenderedEmail> = async () => email;
  if (plan.kind === 'officers') {
    // Officers of the event's village must never see a KIM that has since moved out of their region.
    if (registration.villageCode !== event.villageCode) {
      return { kind: plan.kind, skippedBecause: 'registration-moved', ...none };
    }
    recipients = await notifiedOfficers(deps, event.villageCode);
    if (recipients.length === 0) return { kind: plan.kind, ...none };
    const district = await deps.regions.get(registration.districtCode);
    email = registrationSubmittedEmail({
      resubmission: plan.resubmission,
      registrationId: registration.id,
      kimName: registration.name,
      villageName: registration.villageName,
      villageCode: registration.villageCode,
      districtName: district?.name ?? registration.districtCode,
      districtCode: registration.districtCode,
      skNumber: registration.sk.number,
      skDate: registration.sk.date,
      submittedAt: plan.resubmission ? event.at : registration.submittedAt,
      reviewUrl: `${deps.appBaseUrl}/konsol/pendaftaran/${encodeURIComponent(registration.id)}`,
    });
  } else {
    recipients = [
      { kind: 'contact', email: registration.contact.email.trim().toLowerCase(), officerIds: [] },
    ];
    const reviewed = {
      outcome: plan.outcome,
      registrationId: registration.id,
      kimName: registration.name,
      villageName: registration.villageName,
      villageCode: registration.villageCode,
      rejectionReason:
        plan.outcome === 'REJECTED' && registration.status === 'REJECTED'
          ? registration.rejectionReason
          : undefined,
      reviewedAt: registration.status === plan.outcome ? (registration.reviewedAt ?? event.at) : event.at,
    };
    email = registrationReviewedEmail(reviewed);
    const links = deps.signInLinks;
    if (plan.outcome === 'VERIFIED' && links !== undefined) {
      render = async () => {
        const link = await links.issue(registration.id);
        return registrationReviewedEmail({
          ...reviewed,
          signInUrl: link.url,
          signInValidUntil: link.validUntil,
        });
      };
    }
  }

  const remaining = options.remainingTimeMs ?? (() => Number.POSITIVE_INFINITY);
  const reserveMs = options.reserveMs ?? 20_000;
  const newAttemptId = deps.newAttemptId ?? randomUUID;
  let sent = 0;
  let alreadyDone = 0;
  let failedPermanent = 0;
  let takenOver = 0;
  let retryable = 0;
  let inProgressElsewhere = 0;
  let deferred = 0;
  const causes: string[] = [];

  for (const recipient of recipients) {
    if (remaining() < reserveMs) {
      deferred++;
      continue;
    }
    const outcome = await deps.ledger.claim({
      sendKey: event.eventId,
      recipientHash: recipientHash(recipient.email),
      now: deps.clock.now(),
      leaseMs: deps.leaseMs,
      attemptId: newAttemptId(),
      facts: {
        registrationId: registration.id,
        recipientKind: recipient.kind,
        ...(recipient.officerIds.length > 0 ? { officerIds: recipient.officerIds } : {}),
      },
    });
    if (outcome.kind === 'sent' || outcome.kind === 'refused') {
      alreadyDone++;
      continue;
    }
    if (outcome.kind === 'in-progress') {
      inProgressElsewhere++;
      continue;
    }
    if (outcome.takenOver) {
      takenOver++;
      logger.warn('Notification lease expired: sending again', {
        eventId: event.eventId,
        registrationId: registration.id,
        recipientKind: recipient.kind,
      });
    }
    let messageId: string;
    try {
      ({ messageId } = await deps.mailer.send({ to: recipient.email, ...(await render()) }));
    } catch (error) {
      if (error instanceof PermanentMailError) {
        const reason = error.message.replace(/^.*:\s*/, '') || error.name;
        const at = deps.clock.now();
        await deps.ledger.markRefused(outcome.claim, reason, at);
        for (const officerId of recipient.officerIds) {
          await deps.officerMail.markEmailUndeliverable(officerId, recipient.email, {
            at: at.toISOString(),
            reason,
          });
        }
        failedPermanent++;
        logger.warn('Notification refused for good', {
          eventId: event.eventId,
          registrationId: registration.id,
          recipientKind: recipient.kind,
          officerIds: recipient.officerIds,
          reason,
        });
        continue;
      }
      retryable++;
      causes.push(errorName(error));
      await deps.ledger.release(outcome.claim).catch((releaseError: unknown) => {
        // The lease then runs out on its own; the redelivery waits for it.
        logger.warn('Notification claim not released', {
          eventId: event.eventId,
          error: errorName(releaseError),
        });
      });
      continue;
    }
    // From here on the email is out: a failure to record it leaves the claim to its lease (the crash window).
    if (!(await deps.ledger.markSent(outcome.claim, messageId, deps.clock.now()))) {
      logger.warn('Notification sent after its lease was taken over', {
        eventId: event.eventId,
        registrationId: registration.id,
      });
    }
    sent++;
  }

  if (retryable > 0 || inProgressElsewhere > 0 || deferred > 0) {
    throw new NotificationIncompleteError({ retryable, inProgressElsewhere, deferred }, causes);
  }
  return { kind: plan.kind, recipients: recipients.length, sent, alreadyDone, failedPermanent, takenOver };
};
