import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDigest } from '../../../shared/digests/build-digest.js';
import { renderDigest } from '../../../shared/digests/templates.js';
import type { CurrentTerm } from '../../../shared/documents/current-term.js';
import {
  sendTermReminders,
  type TermReminderDeps,
  TermRemindersIncompleteError,
} from '../../../shared/notifications/term-reminders.js';
import { PermanentMailError, TransientMailError } from '../../../shared/platform/mail/mailer.js';
import type { Registration } from '../../../shared/registrations/registration.js';
import { type CapturedOutput, captureOutput } from '../../fixtures/capture-output.js';
import {
  DIGEST_AT,
  digestRegions,
  FixtureDigestSource,
  LAST_RUN,
  SAMPLE_TEMPLATE_OPTIONS,
} from '../../fixtures/digest.js';
import { InMemoryOfficers, officerAt, RecordingMailer } from '../../fixtures/notification-ports.js';
import { fixtureRegistration } from '../../fixtures/registration.js';
import { InMemorySendOnceLedger } from '../../fixtures/send-once-ledger.js';

const term = (registrationId: string, end: string, villageCode = '51.02.05.2006'): CurrentTerm => ({
  registrationId,
  versionId: `${registrationId}V`,
  term: { start: '2024-01-01', end },
  villageCode,
  districtCode: villageCode.slice(0, 8),
  regencyCode: villageCode.slice(0, 5),
});

/** Terms and registrations in memory; `listByEnd` answers like the index (half-open range). */
const depsWith = (
  terms: readonly CurrentTerm[],
  registrations: readonly Registration[],
  mailer = new RecordingMailer(),
  ledger = new InMemorySendOnceLedger(),
) => {
  const officers = new InMemoryOfficers([
    officerAt('01K0UNITDISTRICT0000000001', '51.02.05', { email: 'district@ppid.example.go.id' }),
    officerAt('01K0UNITBOUNCE000000000001', '51.02', { email: 'bounce@ppid.example.go.id' }),
  ]);
  const deps: TermReminderDeps = {
    terms: {
      get: async (id) => terms.find((t) => t.registrationId === id),
      listByEnd: async (regency, range) =>
        terms.filter(
          (t) =>
            t.regencyCode === regency &&
            (range.from === undefined || t.term.end >= range.from) &&
            (range.before === undefined || t.term.end < range.before),
        ),
    },
    regions: { listChildren: async () => [] },
    registrations: { get: async (id) => registrations.find((r) => r.id === id) },
    officers,
    officerMail: officers,
    ledger,
    mailer,
    clock: { now: () => new Date('2026-11-02T00:00:00Z') },
    appBaseUrl: 'https://kim.example.go.id',
    leaseMs: 60_000,
  };
  return { deps, mailer, ledger, officers };
};

const at = (witaDate: string) => new Date(`${witaDate}T07:00:00+08:00`);

let output: CapturedOutput;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => output.restore());

describe('sendTermReminders', () => {
  it('reminds a verified or submitted KIM, never a rejected or deactivated one, nor another scope', async () => {
    const { deps, mailer } = depsWith(
      [
        term('VERIFIED1', '2026-12-31'),
        term('SUBMIT1', '2026-12-20'),
        term('REJECT1', '2026-12-31'),
        term('DEACT1', '2026-12-31'),
        term('OTHERDIST', '2026-12-31', '51.02.06.2001'),
      ],
      [
        fixtureRegistration('VERIFIED1', { status: 'VERIFIED' }),
        fixtureRegistration('SUBMIT1'),
        fixtureRegistration('REJECT1', { status: 'REJECTED' }),
        fixtureRegistration('DEACT1', { status: 'DEACTIVATED' }),
        fixtureRegistration('OTHERDIST', { status: 'VERIFIED', villageCode: '51.02.06.2001' }),
      ],
      new RecordingMailer((email) =>
        email.to === 'bounce@ppid.example.go.id'
          ? new PermanentMailError('refused: MessageRejected')
          : undefined,
      ),
    );
    const result = await sendTermReminders(deps, { scope: '51.02.05', at: at('2026-11-02') });
    // The refused address is marked undeliverable at once: the second KIM's reminder skips it.
    expect(result).toMatchObject({ date: '2026-11-02', due: 4, skipped: 2, failedPermanent: 1 });
    // Contact and district officer of each of the two reminded KIM.
    expect(mailer.sent.map((email) => email.subject)).toEqual([
      expect.stringContaining('berakhir dalam 59 hari'),
      expect.stringContaining('berakhir dalam 59 hari'),
      expect.stringContaining('berakhir dalam 48 hari'),
      expect.stringContaining('berakhir dalam 48 hari'),
    ]);
    const toOfficer = mailer.sent.find((email) => email.to === 'district@ppid.example.go.id');
    expect(toOfficer?.text).toContain('https://kim.example.go.id/konsol/pendaftaran/VERIFIED1');
    const toContact = mailer.sent.find((email) => email.to !== 'district@ppid.example.go.id');
    expect(toContact?.text).toContain('https://kim.example.go.id/kelola');
    expect(toContact?.text).not.toContain('/konsol/');
  });

  it('marks a permanently refused officer address undeliverable', async () => {
    const { deps, officers } = depsWith(
      [term('VERIFIED1', '2026-12-31')],
      [fixtureRegistration('VERIFIED1', { status: 'VERIFIED' })],
      new RecordingMailer((email) =>
        email.to === 'bounce@ppid.example.go.id'
          ? new PermanentMailError('refused: MessageRejected')
          : undefined,
      ),
    );
    await sendTermReminders(deps, { scope: '51.02', at: at('2026-11-02') });
    expect(officers.officers.get('01K0UNITBOUNCE000000000001')?.emailUndeliverable).toMatchObject({
      reason: 'MessageRejected',
    });
  });

  it('after a transient failure throws so the run is retried, and the retry sends only what is owed', async () => {
    let failing = true;
    const mailer = new RecordingMailer((email) =>
      failing && email.to === 'district@ppid.example.go.id' ? new TransientMailError('throttled') : undefined,
    );
    const { deps } = depsWith(
      [term('VERIFIED1', '2026-12-31')],
      [fixtureRegistration('VERIFIED1', { status: 'VERIFIED' })],
      mailer,
    );
    await expect(sendTermReminders(deps, { scope: '51.02', at: at('2026-11-02') })).rejects.toBeInstanceOf(
      TermRemindersIncompleteError,
    );
    failing = false;
    const retry = await sendTermReminders(deps, { scope: '51.02', at: at('2026-11-02') });
    expect(retry).toMatchObject({ sent: 1 });
    expect(mailer.recipients().filter((to) => to === 'district@ppid.example.go.id')).toHaveLength(1);
    // The contact and the regency officer once, in the first run; the district officer once, in the retry.
    expect(mailer.sent).toHaveLength(3);
    const logged = output.lines().join('\n');
    expect(logged).toContain('Term reminder failed for now');
    expect(logged).not.toContain('@');
  });

  it('sends nothing for a term ending in 61 days or already ended', async () => {
    const { deps, mailer } = depsWith(
      [term('FAR', '2027-01-02'), term('ENDED', '2026-11-01')],
      [
        fixtureRegistration('FAR', { status: 'VERIFIED' }),
        fixtureRegistration('ENDED', { status: 'VERIFIED' }),
      ],
    );
    expect(await sendTermReminders(deps, { scope: '51.02', at: at('2026-11-02') })).toMatchObject({ due: 0 });
    expect(mailer.sent).toEqual([]);
  });
});

describe('the digest counts the KIM whose term has ended', () => {
  it('shows the count in both parts, and leaves the line out when not counted', async () => {
    const source = new FixtureDigestSource();
    const ended = [term('ENDED1', '2026-10-31'), term('ENDED2', '2026-11-29'), term('RUNNING', '2026-11-30')];
    const digest = await buildDigest(
      {
        regions: digestRegions(),
        source,
        terms: {
          terms: {
            listByEnd: async (_regency, range) => ended.filter((t) => t.term.end < (range.before ?? '')),
          },
          registrations: {
            statusesOf: async (ids) =>
              ids.map((id) => ({
                id,
                status: id === 'ENDED2' ? 'DEACTIVATED' : 'VERIFIED',
                villageCode: '51.02.05.2006',
              })),
          },
          regions: digestRegions(),
        },
      },
      { regionCode: '51.02', runId: DIGEST_AT, at: new Date(DIGEST_AT), lastRun: LAST_RUN },
    );
    // DIGEST_AT is Monday 08:00 WITA, 2026-11-30: the term ending that day still runs.
    expect(digest.expiredTerms).toBe(1);
    const { html, text } = renderDigest(digest, SAMPLE_TEMPLATE_OPTIONS);
    expect(text).toContain('KIM terverifikasi yang masa baktinya sudah berakhir (SK kedaluwarsa): 1');
    expect(html).toContain('masa baktinya sudah berakhir (SK kedaluwarsa): <strong>1</strong>');
    const without = await buildDigest(
      { regions: digestRegions(), source },
      { regionCode: '51.02', runId: DIGEST_AT, at: new Date(DIGEST_AT), lastRun: LAST_RUN },
    );
    expect(renderDigest(without, SAMPLE_TEMPLATE_OPTIONS).text).not.toContain('masa baktinya');
  });
});
