import { randomUUID } from 'node:crypto';
import {
  getPublishedResults,
  type PublishedEntry,
  type PublishedResultsDeps,
  WINNER_RANKS,
} from '../awards/published-results.js';
import type { AwardPublishedEvent } from '../events/award-event.js';
import { NotFoundError } from '../platform/errors.js';
import { logger } from '../platform/logger.js';
import { PermanentMailError } from '../platform/mail/mailer.js';
import { recipientHash } from '../platform/send-once/ports.js';
import {
  NotificationIncompleteError,
  type NotifyDeps,
  type NotifyOptions,
  notifiedOfficers,
} from './notify-registration-event.js';
import type { RecipientKind } from './ports.js';
import { awardWinnersEmail } from './templates.js';

/** The notification ports, plus the award store's reads and the deployment scope. */
export interface AwardNotifyDeps extends Omit<NotifyDeps, 'signInLinks'> {
  readonly awards: PublishedResultsDeps['store'];
  readonly scope: string;
}

/** Counts of what happened to a publication's recipients. */
export interface AwardNotifyResult {
  readonly skippedBecause?: 'round-not-published';
  readonly winners: number;
  readonly recipients: number;
  readonly sent: number;
  readonly alreadyDone: number;
  readonly failedPermanent: number;
  readonly takenOver: number;
}

interface AwardRecipient {
  kind: RecipientKind;
  readonly email: string;
  readonly officerIds: Set<string>;
  readonly winners: PublishedEntry[];
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : typeof error);

/** The send key of a round's publication emails: one record per (round, recipient), whatever the event. */
export const awardSendKey = (roundId: string) => `AWARD#${roundId}`;

/**
 * Emails a published round's winners (the entries of rank 1 to WINNER_RANKS): each winner's
 * contact, and the active PPID officers of each winner's village, district and regency (as the
 * registration notifications pick them). One email per address for the round, naming the winners
 * that concern it — an officer of the regency hears of all its winners in one email — exactly
 * once under redeliveries: each send runs under a claim in the send-once ledger keyed by the
 * round, so a second event of the same round finds every address SENT.
 */
export const notifyAwardWinners = async (
  deps: AwardNotifyDeps,
  event: AwardPublishedEvent,
  options: NotifyOptions = {},
): Promise<AwardNotifyResult> => {
  const none = { winners: 0, recipients: 0, sent: 0, alreadyDone: 0, failedPermanent: 0, takenOver: 0 };
  let results: Awaited<ReturnType<typeof getPublishedResults>>;
  try {
    results = await getPublishedResults({ store: deps.awards }, event.roundId, deps.scope);
  } catch (error) {
    if (error instanceof NotFoundError) return { skippedBecause: 'round-not-published', ...none };
    throw error;
  }
  const winners = results.entries.filter(
    (entry) => entry.ranking.rank !== null && entry.ranking.rank <= WINNER_RANKS,
  );

  const recipients = new Map<string, AwardRecipient>();
  const add = (email: string, kind: RecipientKind, winner: PublishedEntry, officerIds: readonly string[]) => {
    const address = email.trim().toLowerCase();
    const recipient = recipients.get(address) ?? {
      kind,
      email: address,
      officerIds: new Set<string>(),
      winners: [],
    };
    // An address that is a winner's contact is written to as a contact.
    if (kind === 'contact') recipient.kind = 'contact';
    for (const id of officerIds) recipient.officerIds.add(id);
    if (!recipient.winners.includes(winner)) recipient.winners.push(winner);
    recipients.set(address, recipient);
  };
  for (const winner of winners) {
    const registration = await deps.registrations.get(winner.id, { consistent: true });
    if (registration === undefined) continue;
    add(registration.contact.email, 'contact', winner, []);
    for (const officer of await notifiedOfficers(deps, registration.villageCode)) {
      add(officer.email, 'officer', winner, officer.officerIds);
    }
  }

  const remaining = options.remainingTimeMs ?? (() => Number.POSITIVE_INFINITY);
  const reserveMs = options.reserveMs ?? 20_000;
  const newAttemptId = deps.newAttemptId ?? randomUUID;
  const resultsUrl = `${deps.appBaseUrl}/penghargaan/${encodeURIComponent(results.id)}`;
  const counts = { sent: 0, alreadyDone: 0, failedPermanent: 0, takenOver: 0 };
  let retryable = 0;
  let inProgressElsewhere = 0;
  let deferred = 0;
  const causes: string[] = [];

  for (const recipient of recipients.values()) {
    if (remaining() < reserveMs) {
      deferred++;
      continue;
    }
    const officerIds = [...recipient.officerIds];
    const outcome = await deps.ledger.claim({
      sendKey: awardSendKey(results.id),
      recipientHash: recipientHash(recipient.email),
      now: deps.clock.now(),
      leaseMs: deps.leaseMs,
      attemptId: newAttemptId(),
      facts: {
        roundId: results.id,
        recipientKind: recipient.kind,
        registrationIds: recipient.winners.map((winner) => winner.id),
        ...(officerIds.length > 0 ? { officerIds } : {}),
      },
    });
    if (outcome.kind === 'sent' || outcome.kind === 'refused') {
      counts.alreadyDone++;
      continue;
    }
    if (outcome.kind === 'in-progress') {
      inProgressElsewhere++;
      continue;
    }
    if (outcome.takenOver) {
      counts.takenOver++;
      logger.warn('Award notification lease expired: sending again', {
        roundId: results.id,
        recipientKind: recipient.kind,
      });
    }
    const email = awardWinnersEmail({
      audience: recipient.kind,
      roundName: results.name,
      resultsUrl,
      winners: [...recipient.winners]
        .sort((a, b) => (a.ranking.rank ?? 0) - (b.ranking.rank ?? 0))
        .map((winner) => ({
          rank: winner.ranking.rank ?? 0,
          kimName: winner.name,
          villageName: winner.villageName,
          total: winner.ranking.total?.value ?? '',
          profileUrl: `${deps.appBaseUrl}/kim/${encodeURIComponent(winner.id)}`,
        })),
    });
    let messageId: string;
    try {
      ({ messageId } = await deps.mailer.send({ to: recipient.email, ...email }));
    } catch (error) {
      if (error instanceof PermanentMailError) {
        const reason = error.message.replace(/^.*:\s*/, '') || error.name;
        const at = deps.clock.now();
        await deps.ledger.markRefused(outcome.claim, reason, at);
        for (const officerId of officerIds) {
          await deps.officerMail.markEmailUndeliverable(officerId, recipient.email, {
            at: at.toISOString(),
            reason,
          });
        }
        counts.failedPermanent++;
        logger.warn('Award notification refused for good', {
          roundId: results.id,
          recipientKind: recipient.kind,
          officerIds,
          reason,
        });
        continue;
      }
      retryable++;
      causes.push(errorName(error));
      await deps.ledger.release(outcome.claim).catch((releaseError: unknown) => {
        logger.warn('Award notification claim not released', {
          roundId: results.id,
          error: errorName(releaseError),
        });
      });
      continue;
    }
    if (!(await deps.ledger.markSent(outcome.claim, messageId, deps.clock.now()))) {
      logger.warn('Award notification sent after its lease was taken over', { roundId: results.id });
    }
    counts.sent++;
  }

  if (retryable > 0 || inProgressElsewhere > 0 || deferred > 0) {
    throw new NotificationIncompleteError({ retryable, inProgressElsewhere, deferred }, causes);
  }
  return { winners: winners.length, recipients: recipients.size, ...counts };
};
