import { randomUUID } from 'node:crypto';
import type { OfficerRepository } from '../directory/officer.js';
import { addDays, type CurrentTerm, daysBetween, todayInRegion } from '../documents/current-term.js';
import type { TermIndex } from '../documents/ports.js';
import type { Clock } from '../platform/clock.js';
import { logger } from '../platform/logger.js';
import { type Mailer, PermanentMailError } from '../platform/mail/mailer.js';
import { COUNTRY_CODE, isWithin, levelOf } from '../platform/region-codes.js';
import { recipientHash, type SendOnceLedger } from '../platform/send-once/ports.js';
import type { RegionRepository } from '../regions/region.js';
import type { Registration } from '../registrations/registration.js';
import { notifiedOfficers, type Recipient } from './notify-registration-event.js';
import type { OfficerMailStatus, RecipientKind } from './ports.js';
import { type RenderedEmail, termReminderEmail } from './templates.js';

/** The reminders, in days before a term's last day: the first one, then the last call. */
export const REMINDER_THRESHOLDS = [60, 14] as const;
export type ReminderThreshold = (typeof REMINDER_THRESHOLDS)[number];

/** The furthest ahead a reminder is due: the first threshold. */
const LOOKAHEAD_DAYS = REMINDER_THRESHOLDS[0];

/**
 * The reminder due for a term whose last day is `end`, on `today`: the 14-day one from 14 days
 * before until the last day itself, the 60-day one from 60 days before until 15 days before, none
 * earlier or after the term ended. A run that missed the 60th day still sends the 60-day reminder
 * on a later day (unless the 14-day one already applies): the ledger, not the calendar, makes it once.
 */
export const reminderThresholdFor = (end: string, today: string): ReminderThreshold | undefined => {
  const daysLeft = daysBetween(today, end);
  if (daysLeft < 0) return undefined;
  if (daysLeft <= 14) return 14;
  if (daysLeft <= 60) return 60;
  return undefined;
};

/**
 * The ledger's key of one reminder of one term: a new SK version with another term is another key,
 * so its reminders are sent afresh; a new version of the same term is the same key.
 */
export const termReminderSendKey = (
  registrationId: string,
  term: CurrentTerm['term'],
  threshold: ReminderThreshold,
): string => `TERM#${registrationId}#${term.start}#${term.end}#D${threshold}`;

/** Ports and settings of the term reminders. */
export interface TermReminderDeps {
  readonly terms: Pick<TermIndex, 'get' | 'listByEnd'>;
  readonly regions: Pick<RegionRepository, 'listChildren'>;
  readonly registrations: {
    get(id: string, options?: { consistent?: boolean }): Promise<Registration | undefined>;
  };
  readonly officers: Pick<OfficerRepository, 'list'>;
  readonly officerMail: OfficerMailStatus;
  /** One record per (registration, term, threshold, recipient). */
  readonly ledger: SendOnceLedger;
  readonly mailer: Mailer;
  readonly clock: Clock;
  /** Base of the links in emails, without a trailing slash. */
  readonly appBaseUrl: string;
  /** How long a claim protects a send: longer than a run may take over one email. */
  readonly leaseMs: number;
  /** @default randomUUID */
  readonly newAttemptId?: () => string;
}

export interface TermReminderResult {
  /** The run's date in the scope's time zone. */
  readonly date: string;
  /** Terms with a reminder due. */
  readonly due: number;
  readonly sent: number;
  /** Already SENT or REFUSED by an earlier run. */
  readonly alreadyDone: number;
  readonly failedPermanent: number;
  /** Terms skipped: the registration gone, rejected or deactivated. */
  readonly skipped: number;
}

/** Some reminders are still owed (a transient failure, or another run holds them): the run must be retried. */
export class TermRemindersIncompleteError extends Error {
  override readonly name = 'TermRemindersIncompleteError';
  constructor(
    readonly counts: { readonly retryable: number; readonly inProgressElsewhere: number },
    readonly result: TermReminderResult,
  ) {
    super(
      `Term reminders incomplete: ${counts.retryable} failed for now, ${counts.inProgressElsewhere} in progress elsewhere`,
    );
  }
}

/** The regencies of a scope (of any level): the partitions of the term index. */
const regenciesOf = async (deps: TermReminderDeps, scope: string): Promise<string[]> => {
  const level = levelOf(scope);
  if (level === 'regency') return [scope];
  if (level === 'district' || level === 'village') return [scope.split('.').slice(0, 2).join('.')];
  const provinces =
    level === 'province' ? [scope] : (await deps.regions.listChildren(COUNTRY_CODE)).map((p) => p.code);
  const regencies: string[] = [];
  for (const province of provinces) {
    regencies.push(...(await deps.regions.listChildren(province)).map((region) => region.code));
  }
  return regencies;
};

const errorName = (error: unknown) => (error instanceof Error ? error.name : typeof error);

/**
 * The daily term reminders of a deployment scope: every KIM whose current term ends within 60
 * days (in its region's time zone, on the date of `at`) and that is not rejected or deactivated
 * gets the reminder due (see {@link reminderThresholdFor}), to its contact (a link to its
 * workspace, `/kelola`) and to the active PPID officers of its village, district and regency (a
 * link to the registration in the console), each address once per (registration, term,
 * threshold) whatever the retries, overlapping runs or missed days: every send runs under a claim
 * in the send-once ledger. Reads: one Query per regency of the terms ending by D + 60, then per
 * due term its current term and registration. Logs carry ids and counts, never an address or name.
 */
export const sendTermReminders = async (
  deps: TermReminderDeps,
  request: { readonly scope: string; readonly at: Date },
): Promise<TermReminderResult> => {
  const newAttemptId = deps.newAttemptId ?? randomUUID;
  let due = 0;
  let sent = 0;
  let alreadyDone = 0;
  let failedPermanent = 0;
  let skipped = 0;
  let retryable = 0;
  let inProgressElsewhere = 0;

  for (const regency of await regenciesOf(deps, request.scope)) {
    const today = todayInRegion(regency, request.at);
    const listed = await deps.terms.listByEnd(regency, {
      from: today,
      before: addDays(today, LOOKAHEAD_DAYS + 1),
    });
    for (const candidate of listed) {
      if (!isWithin(request.scope, candidate.villageCode)) continue;
      // The index may lag a newer version by a moment: the term item itself says what is current.
      const current = await deps.terms.get(candidate.registrationId);
      if (current === undefined) continue;
      const threshold = reminderThresholdFor(current.term.end, today);
      if (threshold === undefined) continue;
      due++;
      const registration = await deps.registrations.get(current.registrationId, { consistent: true });
      if (
        registration === undefined ||
        registration.status === 'REJECTED' ||
        registration.status === 'DEACTIVATED'
      ) {
        skipped++;
        continue;
      }
      const officers = await notifiedOfficers(deps, registration.villageCode);
      const recipients: Recipient[] = [
        { kind: 'contact', email: registration.contact.email.trim().toLowerCase(), officerIds: [] },
        ...officers,
      ];
      const content = {
        threshold,
        daysLeft: daysBetween(today, current.term.end),
        registrationId: registration.id,
        kimName: registration.name,
        villageName: registration.villageName,
        villageCode: registration.villageCode,
        termStart: current.term.start,
        termEnd: current.term.end,
      };
      const emails: Record<RecipientKind, RenderedEmail> = {
        contact: termReminderEmail({ ...content, audience: 'contact', url: `${deps.appBaseUrl}/kelola` }),
        officer: termReminderEmail({
          ...content,
          audience: 'officer',
          url: `${deps.appBaseUrl}/konsol/pendaftaran/${encodeURIComponent(registration.id)}`,
        }),
      };
      const sendKey = termReminderSendKey(registration.id, current.term, threshold);
      for (const recipient of recipients) {
        const outcome = await deps.ledger.claim({
          sendKey,
          recipientHash: recipientHash(recipient.email),
          now: deps.clock.now(),
          leaseMs: deps.leaseMs,
          attemptId: newAttemptId(),
          facts: {
            registrationId: registration.id,
            recipientKind: recipient.kind,
            threshold: String(threshold),
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
        let messageId: string;
        try {
          ({ messageId } = await deps.mailer.send({ to: recipient.email, ...emails[recipient.kind] }));
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
            logger.warn('Term reminder refused for good', {
              registrationId: registration.id,
              threshold,
              recipientKind: recipient.kind,
              officerIds: recipient.officerIds,
            });
            continue;
          }
          retryable++;
          logger.warn('Term reminder failed for now', {
            registrationId: registration.id,
            threshold,
            recipientKind: recipient.kind,
            error: errorName(error),
          });
          await deps.ledger.release(outcome.claim).catch(() => undefined);
          continue;
        }
        await deps.ledger.markSent(outcome.claim, messageId, deps.clock.now());
        sent++;
      }
    }
  }

  const result: TermReminderResult = {
    date: todayInRegion(request.scope, request.at),
    due,
    sent,
    alreadyDone,
    failedPermanent,
    skipped,
  };
  if (retryable > 0 || inProgressElsewhere > 0) {
    throw new TermRemindersIncompleteError({ retryable, inProgressElsewhere }, result);
  }
  return result;
};
