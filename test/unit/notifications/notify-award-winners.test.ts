import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry } from '../../../shared/awards/model.js';
import type { PublishedResultsDeps } from '../../../shared/awards/published-results.js';
import type { RankingView } from '../../../shared/awards/ranking-view.js';
import type { Round, RoundInput } from '../../../shared/awards/round.js';
import type { AwardPublishedEvent } from '../../../shared/events/award-event.js';
import {
  type AwardNotifyDeps,
  notifyAwardWinners,
} from '../../../shared/notifications/notify-award-winners.js';
import { NotificationIncompleteError } from '../../../shared/notifications/notify-registration-event.js';
import { TransientMailError } from '../../../shared/platform/mail/mailer.js';
import { awardRoundBody } from '../../fixtures/award-round.js';
import { captureOutput } from '../../fixtures/capture-output.js';
import { FIXTURE_NOW, fixedClock } from '../../fixtures/clock.js';
import { InMemoryRegistrationRepository, tabananSample } from '../../fixtures/in-memory-ports.js';
import { InMemoryOfficers, officerAt, RecordingMailer } from '../../fixtures/notification-ports.js';
import { fixtureRegistration } from '../../fixtures/registration.js';
import { InMemorySendOnceLedger } from '../../fixtures/send-once-ledger.js';

let quiet: ReturnType<typeof captureOutput>;
beforeAll(() => {
  quiet = captureOutput();
});
afterAll(() => quiet.restore());

const ROUND_ID = '01K0ROUND00000000000000001';
/** Four ranked KIM: the first three are the winners. Two share a village, one is elsewhere. */
const KIMS = [
  { id: '01K0KIM0000000000000000001', village: '51.02.05.2006', district: '51.02.05' },
  { id: '01K0KIM0000000000000000002', village: '51.02.05.2006', district: '51.02.05' },
  { id: '01K0KIM0000000000000000003', village: '51.02.06.2001', district: '51.02.06' },
  { id: '01K0KIM0000000000000000004', village: '51.02.05.2007', district: '51.02.05' },
] as const;
const contactOf = (index: number) => `kim-${index}@example.id`;
const addressOf = (id: string) => `${id.toLowerCase()}@ppid.example.go.id`;

const round = (status: Round['status'] = 'PUBLISHED'): Round => ({
  ...(awardRoundBody() as unknown as RoundInput),
  id: ROUND_ID,
  regionCode: '51.02',
  status,
  createdAt: FIXTURE_NOW,
  createdBy: { role: 'admin', sub: 'admin-sub', username: 'admin' },
  ...(status === 'PUBLISHED' ? { publishedAt: FIXTURE_NOW } : {}),
  version: 2,
});

const result: RankingView = {
  missingScoreRule: 'ALL_SCORES_REQUIRED',
  tieBreak: ['EARLIER_ENTRY'],
  entries: KIMS.map((kim, index) => ({
    entryId: kim.id,
    rank: index + 1,
    standing: 'COMPLETE' as const,
    missing: [],
    criteria: [],
    total: { numerator: String(90 - index), denominator: '1', value: `${90 - index}.00` },
  })),
};

const entries: Entry[] = KIMS.map((kim, index) => ({
  roundId: ROUND_ID,
  id: kim.id,
  name: `KIM Juara ${index + 1}`,
  villageCode: kim.village,
  villageName: `Desa ${index + 1}`,
  districtCode: kim.district,
  enteredAt: FIXTURE_NOW,
  source: 'AUTOMATIC',
  eligible: true,
  ineligibleReasons: [],
}));

const awardStore = (status: Round['status'] = 'PUBLISHED'): PublishedResultsDeps['store'] => ({
  getRound: async (id) => (id === ROUND_ID ? round(status) : undefined),
  getResult: async (id) => (id === ROUND_ID && status === 'PUBLISHED' ? result : undefined),
  listEntries: async (id) => (id === ROUND_ID ? entries : []),
  listRounds: async () => ({ items: [round(status)], nextCursor: null }),
});

const event = (eventId = 'evt-1'): AwardPublishedEvent => ({
  type: 'AWARD_PUBLISHED',
  eventId,
  roundId: ROUND_ID,
  at: FIXTURE_NOW,
});

const setup = (options: { mailer?: RecordingMailer; status?: Round['status'] } = {}) => {
  const registrations = new InMemoryRegistrationRepository();
  KIMS.forEach((kim, index) => {
    const base = fixtureRegistration(kim.id);
    registrations.registrations.set(
      kim.id,
      fixtureRegistration(kim.id, {
        villageCode: kim.village,
        districtCode: kim.district,
        status: 'VERIFIED',
        contact: { ...base.contact, email: contactOf(index) },
      }),
    );
  });
  const officers = new InMemoryOfficers([
    officerAt('REGENCY', '51.02'),
    officerAt('DISTRICT', '51.02.05'),
    officerAt('VILLAGE', '51.02.05.2006'),
    officerAt('OTHERDISTRICT', '51.02.06'),
    officerAt('FOURTHVILLAGE', '51.02.05.2007'),
  ]);
  const mailer = options.mailer ?? new RecordingMailer();
  const ledger = new InMemorySendOnceLedger();
  let attempt = 0;
  const deps: AwardNotifyDeps = {
    registrations,
    regions: tabananSample(),
    officers,
    officerMail: officers,
    ledger,
    mailer,
    clock: fixedClock(FIXTURE_NOW),
    appBaseUrl: 'https://kim.example.go.id',
    leaseMs: 60_000,
    newAttemptId: () => `attempt-${++attempt}`,
    awards: awardStore(options.status),
    scope: '51.02',
  };
  return { deps, mailer, ledger };
};

describe('notifyAwardWinners', () => {
  it("emails each winner's contact and each of their officers once, naming the winners that concern them", async () => {
    const { deps, mailer } = setup();
    const outcome = await notifyAwardWinners(deps, event());
    expect(outcome).toMatchObject({ winners: 3, recipients: 7, sent: 7, alreadyDone: 0 });
    expect(mailer.recipients()).toEqual(
      [
        contactOf(0),
        contactOf(1),
        contactOf(2),
        addressOf('REGENCY'),
        addressOf('DISTRICT'),
        addressOf('VILLAGE'),
        addressOf('OTHERDISTRICT'),
      ].sort(),
    );
    const toRegency = mailer.sent.find((email) => email.to === addressOf('REGENCY'));
    expect(toRegency?.text).toContain('Peringkat 1: KIM Juara 1');
    expect(toRegency?.text).toContain('Peringkat 3: KIM Juara 3');
    expect(toRegency?.text).toContain(`https://kim.example.go.id/penghargaan/${ROUND_ID}`);
    expect(toRegency?.text).not.toContain('KIM Juara 4');
    const toOtherDistrict = mailer.sent.find((email) => email.to === addressOf('OTHERDISTRICT'));
    expect(toOtherDistrict?.text).toContain('KIM Juara 3');
    expect(toOtherDistrict?.text).not.toContain('KIM Juara 1');
    const toWinner = mailer.sent.find((email) => email.to === contactOf(0));
    expect(toWinner?.subject).toContain('Selamat');
    expect(toWinner?.text).toContain(`https://kim.example.go.id/kim/${KIMS[0].id}`);
  });

  it('sends nothing again when the publication is delivered again, whatever its event id', async () => {
    const { deps, mailer } = setup();
    await notifyAwardWinners(deps, event('evt-1'));
    const again = await notifyAwardWinners(deps, event('evt-2'));
    expect(again).toMatchObject({ sent: 0, alreadyDone: 7 });
    expect(mailer.sent).toHaveLength(7);
  });

  it('retries only the recipients still owed after a transient failure', async () => {
    let failing = true;
    const mailer = new RecordingMailer((email) =>
      failing && email.to === addressOf('DISTRICT') ? new TransientMailError('Throttled') : undefined,
    );
    const { deps } = setup({ mailer });
    await expect(notifyAwardWinners(deps, event())).rejects.toBeInstanceOf(NotificationIncompleteError);
    expect(mailer.sent).toHaveLength(6);
    failing = false;
    const retry = await notifyAwardWinners(deps, event());
    expect(retry).toMatchObject({ sent: 1, alreadyDone: 6 });
    expect(mailer.recipients().filter((to) => to === addressOf('DISTRICT'))).toHaveLength(1);
  });

  it('sends nothing for a round that is not published', async () => {
    const { deps, mailer } = setup({ status: 'OPEN' });
    expect(await notifyAwardWinners(deps, event())).toMatchObject({
      skippedBecause: 'round-not-published',
      sent: 0,
    });
    expect(mailer.sent).toEqual([]);
  });
});
