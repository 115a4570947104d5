import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistrationEvent } from '../../../shared/events/registration-event.js';
import {
  NotificationIncompleteError,
  type NotifyDeps,
  notifyRegistrationEvent,
  planFor,
} from '../../../shared/notifications/notify-registration-event.js';
import { PermanentMailError, TransientMailError } from '../../../shared/platform/mail/mailer.js';
import { sha256Hex } from '../../../shared/registrations/edit-token.js';
import type { Registration } from '../../../shared/registrations/registration.js';
import { captureOutput } from '../../fixtures/capture-output.js';
import { FIXTURE_NOW, fixedClock } from '../../fixtures/clock.js';
import { InMemoryRegistrationRepository, tabananSample } from '../../fixtures/in-memory-ports.js';
import { InMemoryOfficers, officerAt, RecordingMailer } from '../../fixtures/notification-ports.js';
import { fixtureRegistration } from '../../fixtures/registration.js';
import { InMemorySendOnceLedger } from '../../fixtures/send-once-ledger.js';

// The use case logs warnings on purpose in several cases: keep them off the terminal.
let quiet: ReturnType<typeof captureOutput>;
beforeAll(() => {
  quiet = captureOutput();
});
afterAll(() => quiet.restore());

const REG_ID = '01K0AAAAAAAAAAAAAAAAAAAAAA';
const CONTACT = 'kim.dajanpeken@example.id';

const event = (patch: Partial<RegistrationEvent> = {}): RegistrationEvent => ({
  eventId: 'evt-1',
  registrationId: REG_ID,
  version: 1,
  villageCode: '51.02.05.2006',
  oldVillageCode: null,
  oldStatus: null,
  newStatus: 'SUBMITTED',
  at: FIXTURE_NOW,
  ...patch,
});

/** Officers at every level around the fixture village, and some that must never hear of it. */
const directory = () =>
  new InMemoryOfficers([
    officerAt('REGENCY', '51.02'),
    officerAt('DISTRICT', '51.02.05'),
    officerAt('VILLAGE', '51.02.05.2006'),
    officerAt('OTHERREGENCY', '51.03'),
    officerAt('OTHERDISTRICT', '51.02.06'),
    officerAt('OTHERVILLAGE', '51.02.05.2007'),
    officerAt('PROVINCE', '51'),
    officerAt('INACTIVE', '51.02.05', { active: false }),
    officerAt('BOUNCED', '51.02', { emailUndeliverable: { at: FIXTURE_NOW, reason: 'MessageRejected' } }),
  ]);

const setup = (
  options: {
    registration?: Partial<Registration>;
    officers?: InMemoryOfficers;
    mailer?: RecordingMailer;
    now?: string;
    ledger?: InMemorySendOnceLedger;
  } = {},
) => {
  const registrations = new InMemoryRegistrationRepository();
  registrations.registrations.set(REG_ID, fixtureRegistration(REG_ID, options.registration));
  const officers = options.officers ?? directory();
  const mailer = options.mailer ?? new RecordingMailer();
  const ledger = options.ledger ?? new InMemorySendOnceLedger();
  let attempt = 0;
  const deps: NotifyDeps = {
    registrations,
    regions: tabananSample(),
    officers,
    officerMail: officers,
    ledger,
    mailer,
    clock: fixedClock(options.now ?? FIXTURE_NOW),
    appBaseUrl: 'https://kim.example.go.id',
    leaseMs: 60_000,
    newAttemptId: () => `attempt-${++attempt}`,
  };
  return { deps, officers, mailer, ledger, registrations };
};

const addressOf = (id: string) => `${id.toLowerCase()}@ppid.example.go.id`;

describe('planFor', () => {
  it.each([
    [{ oldStatus: null, newStatus: 'SUBMITTED' }, 'officers'],
    [{ oldStatus: 'REJECTED', newStatus: 'SUBMITTED' }, 'officers'],
    [{ oldStatus: 'SUBMITTED', newStatus: 'SUBMITTED', oldVillageCode: '51.02.05.2007' }, 'officers'],
    [{ oldStatus: 'SUBMITTED', newStatus: 'SUBMITTED', oldVillageCode: '51.02.05.2006' }, 'none'],
    [{ oldStatus: 'SUBMITTED', newStatus: 'VERIFIED' }, 'contact'],
    [{ oldStatus: 'SUBMITTED', newStatus: 'REJECTED' }, 'contact'],
    [{ oldStatus: 'VERIFIED', newStatus: 'DEACTIVATED' }, 'none'],
  ] as const)('%o → %s', (patch, kind) => {
    expect(planFor(event(patch)).kind).toBe(kind);
  });
});

describe('notifyRegistrationEvent: a new registration', () => {
  it('emails the active officers of the village, its district and its regency, once each, and no one else', async () => {
    const { deps, mailer, ledger, officers } = setup();

    const result = await notifyRegistrationEvent(deps, event());

    expect(mailer.recipients()).toEqual([addressOf('DISTRICT'), addressOf('REGENCY'), addressOf('VILLAGE')]);
    expect(result).toEqual({
      kind: 'officers',
      recipients: 3,
      sent: 3,
      alreadyDone: 0,
      failedPermanent: 0,
      takenOver: 0,
    });
    expect(ledger.states()).toEqual(['SENT', 'SENT', 'SENT']);
    expect(officers.listedRegions.sort()).toEqual(['51.02', '51.02.05', '51.02.05.2006']);
    const [first] = mailer.sent;
    expect(first?.subject).toContain('Pendaftaran KIM baru: KIM Dajan Peken Informatif');
    expect(first?.text).toContain('Tabanan (51.02.05)');
    expect(first?.text).toContain(`https://kim.example.go.id/konsol/pendaftaran/${REG_ID}`);
    expect(first?.text).toContain('Nomor SK: ');
  });

  it('emails no one when only officers of another regency, another district or another village exist', async () => {
    const { deps, mailer, ledger } = setup({
      officers: new InMemoryOfficers([
        officerAt('OTHERREGENCY', '51.03'),
        officerAt('OTHERDISTRICT', '51.02.06'),
        officerAt('OTHERVILLAGE', '51.02.05.2007'),
      ]),
    });

    const result = await notifyRegistrationEvent(deps, event());

    expect(mailer.sent).toEqual([]);
    expect(result.recipients).toBe(0);
    expect(ledger.records.size).toBe(0);
  });

  it('sends one email to an address listed at two levels', async () => {
    const shared = 'kepala@ppid.example.go.id';
    const { deps, mailer } = setup({
      officers: new InMemoryOfficers([
        officerAt('A', '51.02', { email: shared }),
        officerAt('B', '51.02.05', { email: shared }),
      ]),
    });

    await notifyRegistrationEvent(deps, event());

    expect(mailer.recipients()).toEqual([shared]);
  });

  it('tells the officers of a resubmission', async () => {
    const { deps, mailer } = setup();

    await notifyRegistrationEvent(deps, event({ oldStatus: 'REJECTED', version: 3, eventId: 'evt-3' }));

    expect(mailer.sent).toHaveLength(3);
    expect(mailer.sent[0]?.subject).toContain('diajukan ulang');
  });

  it('tells no officer when the registration has since moved to another village', async () => {
    const { deps, mailer } = setup({
      registration: { villageCode: '51.02.05.2007', villageName: 'Denbantas' },
    });

    const result = await notifyRegistrationEvent(deps, event());

    expect(result.skippedBecause).toBe('registration-moved');
    expect(mailer.sent).toEqual([]);
  });

  it('does nothing for a registration that no longer exists', async () => {
    const { deps, mailer, registrations } = setup();
    registrations.registrations.clear();

    const result = await notifyRegistrationEvent(deps, event());

    expect(result.skippedBecause).toBe('registration-missing');
    expect(mailer.sent).toEqual([]);
  });

  it('reads every page of a region with many officers', async () => {
    const many = Array.from({ length: 230 }, (_, index) =>
      officerAt(`D${String(index).padStart(3, '0')}`, '51.02.05'),
    );
    const { deps, mailer } = setup({ officers: new InMemoryOfficers(many) });

    const result = await notifyRegistrationEvent(deps, event());

    expect(result.sent).toBe(230);
    expect(new Set(mailer.recipients()).size).toBe(230);
  });
});

describe('notifyRegistrationEvent: a review', () => {
  it('tells the KIM contact of a verification', async () => {
    const { deps, mailer } = setup({
      registration: { status: 'VERIFIED', version: 2, reviewedAt: FIXTURE_NOW },
    });

    const result = await notifyRegistrationEvent(
      deps,
      event({ eventId: 'evt-2', version: 2, oldStatus: 'SUBMITTED', newStatus: 'VERIFIED' }),
    );

    expect(result).toMatchObject({ kind: 'contact', sent: 1 });
    expect(mailer.recipients()).toEqual([CONTACT]);
    expect(mailer.sent[0]?.subject).toContain('diverifikasi');
  });

  it('puts a fresh one-time workspace link in each verification email, and none in a rejection', async () => {
    const { deps, mailer } = setup({
      registration: { status: 'VERIFIED', version: 2, reviewedAt: FIXTURE_NOW },
    });
    const issued: string[] = [];
    const withLinks: NotifyDeps = {
      ...deps,
      signInLinks: {
        issue: async (registrationId) => {
          issued.push(registrationId);
          return {
            url: `https://kim.example.go.id/kelola/masuk/${registrationId}?token=t${issued.length}`,
            validUntil: '2025-07-01T03:15:00.000Z',
          };
        },
      },
    };

    await notifyRegistrationEvent(
      withLinks,
      event({ eventId: 'evt-2', version: 2, oldStatus: 'SUBMITTED', newStatus: 'VERIFIED' }),
    );

    expect(issued).toEqual([REG_ID]);
    expect(mailer.sent[0]?.text).toContain(`https://kim.example.go.id/kelola/masuk/${REG_ID}?token=t1`);
    expect(mailer.sent[0]?.html).toContain(`/kelola/masuk/${REG_ID}?token=t1`);
    expect(mailer.sent[0]?.text).toContain('11:15 WITA');

    const rejected = setup({ registration: { status: 'REJECTED', version: 2, reviewedAt: FIXTURE_NOW } });
    await notifyRegistrationEvent(
      { ...rejected.deps, signInLinks: withLinks.signInLinks },
      event({ eventId: 'evt-3', version: 2, oldStatus: 'SUBMITTED', newStatus: 'REJECTED' }),
    );
    expect(issued).toEqual([REG_ID]);
    expect(rejected.mailer.sent[0]?.text).not.toContain('/kelola/masuk/');
  });

  it('tells the KIM contact of a rejection, with the reason', async () => {
    const { deps, mailer } = setup({
      registration: {
        status: 'REJECTED',
        version: 2,
        reviewedAt: FIXTURE_NOW,
        rejectionReason: 'SK tidak terbaca.',
      },
    });

    await notifyRegistrationEvent(
      deps,
      event({ eventId: 'evt-2', version: 2, oldStatus: 'SUBMITTED', newStatus: 'REJECTED' }),
    );

    expect(mailer.recipients()).toEqual([CONTACT]);
    expect(mailer.sent[0]?.text).toContain('SK tidak terbaca.');
  });

  it('sends nothing for a deactivation', async () => {
    const { deps, mailer } = setup();

    const result = await notifyRegistrationEvent(
      deps,
      event({ oldStatus: 'VERIFIED', newStatus: 'DEACTIVATED' }),
    );

    expect(result.skippedBecause).toBe('not-a-notified-change');
    expect(mailer.sent).toEqual([]);
  });
});

describe('notifyRegistrationEvent: exactly once per (event, recipient)', () => {
  it('sends nothing again when the same event is delivered again', async () => {
    const { deps, mailer } = setup();
    await notifyRegistrationEvent(deps, event());

    const again = await notifyRegistrationEvent(deps, event());

    expect(mailer.sent).toHaveLength(3);
    expect(again).toMatchObject({ sent: 0, alreadyDone: 3 });
  });

  it('sends again to the same officers for a different event', async () => {
    const { deps, mailer } = setup();
    await notifyRegistrationEvent(deps, event());

    await notifyRegistrationEvent(deps, event({ eventId: 'evt-9', oldStatus: 'REJECTED', version: 3 }));

    expect(mailer.sent).toHaveLength(6);
  });

  it('keys records by the SHA-256 of the lower-cased address, never the address', async () => {
    const { deps, ledger } = setup({
      officers: new InMemoryOfficers([officerAt('A', '51.02', { email: 'Kepala@PPID.example.go.id' })]),
    });

    await notifyRegistrationEvent(deps, event());

    expect([...ledger.records.keys()]).toEqual([
      InMemorySendOnceLedger.key('evt-1', sha256Hex('kepala@ppid.example.go.id')),
    ]);
  });

  it('leaves a recipient alone while another attempt holds an unexpired claim, and fails the message for a later retry', async () => {
    const ledger = new InMemorySendOnceLedger();
    const hash = sha256Hex(addressOf('DISTRICT'));
    ledger.records.set(InMemorySendOnceLedger.key('evt-1', hash), {
      state: 'SENDING',
      attemptId: 'other',
      leaseExpiresAt: new Date(FIXTURE_NOW).getTime() + 30_000,
      facts: { registrationId: REG_ID, recipientKind: 'officer' },
    });
    const { deps, mailer } = setup({ ledger });

    const failure = await notifyRegistrationEvent(deps, event()).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(NotificationIncompleteError);
    expect((failure as NotificationIncompleteError).counts).toEqual({
      retryable: 0,
      inProgressElsewhere: 1,
      deferred: 0,
    });
    expect(mailer.recipients()).toEqual([addressOf('REGENCY'), addressOf('VILLAGE')]);
  });

  it("sends again once a crashed attempt's lease has expired (the documented crash window)", async () => {
    const ledger = new InMemorySendOnceLedger();
    ledger.records.set(InMemorySendOnceLedger.key('evt-1', sha256Hex(CONTACT)), {
      state: 'SENDING',
      attemptId: 'crashed',
      leaseExpiresAt: new Date(FIXTURE_NOW).getTime() - 1,
      facts: { registrationId: REG_ID, recipientKind: 'contact' },
    });
    const { deps, mailer } = setup({ ledger, registration: { status: 'VERIFIED' } });

    const result = await notifyRegistrationEvent(
      deps,
      event({ oldStatus: 'SUBMITTED', newStatus: 'VERIFIED' }),
    );

    expect(result).toMatchObject({ sent: 1, takenOver: 1 });
    expect(mailer.recipients()).toEqual([CONTACT]);
    expect(ledger.states()).toEqual(['SENT']);
  });
});

describe('notifyRegistrationEvent: refusals', () => {
  it('records a permanently bad officer address on the officer, never retries it, and still emails the others', async () => {
    const mailer = new RecordingMailer((email) =>
      email.to === addressOf('DISTRICT')
        ? new PermanentMailError('SES refused the email for good: MessageRejected')
        : undefined,
    );
    const { deps, officers, ledger } = setup({ mailer });

    const result = await notifyRegistrationEvent(deps, event());

    expect(result).toMatchObject({ sent: 2, failedPermanent: 1 });
    expect(officers.officers.get('DISTRICT')?.emailUndeliverable).toEqual({
      at: FIXTURE_NOW,
      reason: 'MessageRejected',
    });
    expect(ledger.states()).toEqual(['REFUSED', 'SENT', 'SENT']);

    const attemptsBefore = mailer.attempts;
    await notifyRegistrationEvent(deps, event());
    expect(mailer.attempts).toBe(attemptsBefore);

    // A later event skips the undeliverable officer altogether.
    await notifyRegistrationEvent(deps, event({ eventId: 'evt-7', oldStatus: 'REJECTED', version: 3 }));
    expect(mailer.sent.filter((email) => email.to === addressOf('DISTRICT'))).toEqual([]);
    expect(mailer.attempts).toBe(attemptsBefore + 2);
  });

  it('marks a permanently bad contact address REFUSED and does not throw', async () => {
    const mailer = new RecordingMailer(
      () => new PermanentMailError('SES refused the email for good: BadRequestException'),
    );
    const { deps, ledger } = setup({ mailer, registration: { status: 'VERIFIED' } });

    const result = await notifyRegistrationEvent(
      deps,
      event({ oldStatus: 'SUBMITTED', newStatus: 'VERIFIED' }),
    );

    expect(result.failedPermanent).toBe(1);
    expect([...ledger.records.values()][0]).toMatchObject({
      state: 'REFUSED',
      failureReason: 'BadRequestException',
    });
    // The record names the registration and the kind of recipient; a contact has no officer ids.
    expect([...ledger.records.values()][0]?.facts).toEqual({
      registrationId: REG_ID,
      recipientKind: 'contact',
    });
  });

  it('releases the claim of a transient failure, emails the others, and fails the message so the queue retries it', async () => {
    let failing = true;
    const mailer = new RecordingMailer((email) =>
      failing && email.to === addressOf('VILLAGE')
        ? new TransientMailError('SES refused the email 4 times')
        : undefined,
    );
    const { deps, ledger } = setup({ mailer });

    const failure = await notifyRegistrationEvent(deps, event()).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(NotificationIncompleteError);
    expect((failure as NotificationIncompleteError).counts.retryable).toBe(1);
    expect((failure as NotificationIncompleteError).causes).toEqual(['TransientMailError']);
    expect(ledger.states()).toEqual(['SENT', 'SENT']);

    failing = false;
    const retry = await notifyRegistrationEvent(deps, event());
    expect(retry).toMatchObject({ sent: 1, alreadyDone: 2 });
    expect(mailer.recipients()).toEqual([addressOf('DISTRICT'), addressOf('REGENCY'), addressOf('VILLAGE')]);
  });

  it("starts no send without enough of the function's time left, and fails the message", async () => {
    const { deps, mailer } = setup();
    // 26 s, 20 s, then 14 s left: below the 20 s one send may need with its retries.
    let remaining = 32_000;

    const failure = await notifyRegistrationEvent(deps, event(), {
      remainingTimeMs: () => {
        remaining -= 6_000;
        return remaining;
      },
    }).catch((error: unknown) => error);

    expect(mailer.sent).toHaveLength(2);
    expect((failure as NotificationIncompleteError).counts.deferred).toBe(1);
  });
});

describe('notifyRegistrationEvent: logs', () => {
  it('name ids, counts and reasons, never addresses, names or the KIM', async () => {
    const output = captureOutput();
    try {
      const mailer = new RecordingMailer((email) =>
        email.to === addressOf('DISTRICT')
          ? new PermanentMailError('SES refused the email for good: MessageRejected')
          : email.to === addressOf('VILLAGE')
            ? new TransientMailError('SES refused the email 4 times, last with TooManyRequestsException')
            : undefined,
      );
      const ledger = new InMemorySendOnceLedger();
      ledger.records.set(InMemorySendOnceLedger.key('evt-1', sha256Hex(addressOf('REGENCY'))), {
        state: 'SENDING',
        attemptId: 'crashed',
        leaseExpiresAt: 0,
        facts: { registrationId: REG_ID, recipientKind: 'officer' },
      });
      const { deps } = setup({ mailer, ledger });
      await notifyRegistrationEvent(deps, event()).catch(() => undefined);
    } finally {
      output.restore();
    }
    const logged = output.lines().join('\n');
    expect(output.jsonLines().length).toBeGreaterThanOrEqual(2);
    expect(logged).not.toContain('@');
    expect(logged).not.toContain('Petugas');
    expect(logged).not.toContain('Dajan Peken');
  });
});
