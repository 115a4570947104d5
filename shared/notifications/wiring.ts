import { publishedResultsDependencies } from '../awards/public-wiring.js';
import { officerStore } from '../directory/wiring.js';
import { termIndex } from '../documents/term-wiring.js';
import { systemClock } from '../platform/clock.js';
import { getConfig } from '../platform/config.js';
import { dynamoDbClient } from '../platform/dynamodb/client.js';
import { DynamoDbSendOnceLedger } from '../platform/dynamodb/send-once-ledger.js';
import { sesClient } from '../platform/mail/ses-client.js';
import { SesMailer } from '../platform/mail/ses-mailer.js';
import { consumerTimeoutSeconds } from '../platform/pipeline-settings.js';
import { regionStore } from '../regions/wiring.js';
import { registrationReader } from '../registrations/wiring.js';
import { signInLinkIssuer } from '../workspace/link-wiring.js';
import { getMailConfig } from './config.js';
import type { AwardNotifyDeps } from './notify-award-winners.js';
import type { NotifyDeps } from './notify-registration-event.js';
import type { TermReminderDeps } from './term-reminders.js';

/** How long a notification record is kept (DynamoDB TTL): far beyond any queue's retention. */
export const NOTIFICATION_RECORD_TTL_DAYS = 30;

/**
 * A claim outlives the consumer's timeout twice over (an attempt still running keeps its claim)
 * and expires well before the queue's visibility timeout (6× the consumer's), so the
 * redelivery after a crash finds it free.
 */
export const NOTIFICATION_LEASE_MS = 2 * consumerTimeoutSeconds.notify * 1000;

/**
 * Time a send needs left before it starts (see NotifyOptions.reserveMs): 20 s, or two thirds of a
 * shorter consumer timeout so a message always makes progress.
 */
export const NOTIFY_SEND_RESERVE_MS = Math.min(20_000, (2 * consumerTimeoutSeconds.notify * 1000) / 3);

/** The production ports of the notify function (registration events and award publications), built once per container. */
export const createNotifyDependencies = (): NotifyDeps & Pick<AwardNotifyDeps, 'awards' | 'scope'> => {
  const config = getConfig();
  const mail = getMailConfig();
  const officers = officerStore();
  return {
    registrations: registrationReader(),
    regions: regionStore(),
    officers,
    officerMail: officers,
    ledger: new DynamoDbSendOnceLedger(dynamoDbClient, config.TABLE_NAME, {
      retentionDays: NOTIFICATION_RECORD_TTL_DAYS,
    }),
    mailer: new SesMailer(sesClient(), {
      from: mail.MAIL_FROM,
      configurationSetName: mail.MAIL_CONFIGURATION_SET,
    }),
    clock: systemClock,
    appBaseUrl: mail.APP_BASE_URL,
    leaseMs: NOTIFICATION_LEASE_MS,
    // The verification email's one-time link into the KIM's workspace.
    signInLinks: signInLinkIssuer(mail.APP_BASE_URL),
    // An award publication's winners, read from the stored result.
    awards: publishedResultsDependencies().store,
    scope: config.SCOPE_CODE,
  };
};

/**
 * How long a term reminder record is kept: past the 60 days in which a term's reminders can be
 * sent, so no reminder is ever sent twice.
 */
export const TERM_REMINDER_RECORD_TTL_DAYS = 120;

/** A term reminder's claim: far longer than one send, far shorter than a day between runs. */
export const TERM_REMINDER_LEASE_MS = 2 * 60 * 1000;

/** The production ports of the daily term reminders, built once per container. */
export const createTermReminderDependencies = (): TermReminderDeps => {
  const config = getConfig();
  const mail = getMailConfig();
  const officers = officerStore();
  return {
    terms: termIndex(),
    regions: regionStore(),
    registrations: registrationReader(),
    officers,
    officerMail: officers,
    ledger: new DynamoDbSendOnceLedger(dynamoDbClient, config.TABLE_NAME, {
      retentionDays: TERM_REMINDER_RECORD_TTL_DAYS,
    }),
    mailer: new SesMailer(sesClient(), {
      from: mail.MAIL_FROM,
      configurationSetName: mail.MAIL_CONFIGURATION_SET,
    }),
    clock: systemClock,
    appBaseUrl: mail.APP_BASE_URL,
    leaseMs: TERM_REMINDER_LEASE_MS,
  };
};
