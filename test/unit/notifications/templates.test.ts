import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  formatWita,
  type RegistrationReviewedContent,
  type RegistrationSubmittedContent,
  registrationReviewedEmail,
  registrationSubmittedEmail,
  safeSubject,
} from '../../../shared/notifications/templates.js';

const HOSTILE = `<script>alert("x")</script> & 'KIM'`;
const ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;KIM&#39;';

const submitted = (patch: Partial<RegistrationSubmittedContent> = {}): RegistrationSubmittedContent => ({
  resubmission: false,
  registrationId: '01K0AAAAAAAAAAAAAAAAAAAAAA',
  kimName: 'KIM Dajan Peken Informatif',
  villageName: 'Dajan Peken',
  villageCode: '51.02.05.2006',
  districtName: 'Tabanan',
  districtCode: '51.02.05',
  skNumber: '141/12/SK/2025',
  skDate: '2025-06-02',
  submittedAt: '2025-07-01T03:00:00.000Z',
  reviewUrl: 'https://kim.example.go.id/konsol/pendaftaran/01K0AAAAAAAAAAAAAAAAAAAAAA',
  ...patch,
});

const reviewed = (patch: Partial<RegistrationReviewedContent> = {}): RegistrationReviewedContent => ({
  outcome: 'VERIFIED',
  registrationId: '01K0AAAAAAAAAAAAAAAAAAAAAA',
  kimName: 'KIM Dajan Peken Informatif',
  villageName: 'Dajan Peken',
  villageCode: '51.02.05.2006',
  reviewedAt: '2025-07-02T01:30:00.000Z',
  ...patch,
});

/** The visible text of an HTML part: tags dropped, the five entities decoded. */
const visibleText = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('escapeHtml and safeSubject', () => {
  it('escapes the five HTML special characters', () => {
    expect(escapeHtml(HOSTILE)).toBe(ESCAPED);
  });

  it('keeps subjects on one line and at most 150 characters', () => {
    expect(safeSubject('a\r\nBcc: victim@example.com\u2028b')).toBe('a Bcc: victim@example.com b');
    const long = safeSubject('é'.repeat(400));
    expect([...long]).toHaveLength(150);
    expect(long.endsWith('…')).toBe(true);
  });

  it('shows times in WITA', () => {
    expect(formatWita('2025-07-01T03:00:00.000Z')).toBe('2025-07-01 11:00 WITA');
  });
});

describe('registrationSubmittedEmail (to PPID officers)', () => {
  it('gives the KIM name, village, district, SK number and the review link, in Indonesian with an English line', () => {
    const email = registrationSubmittedEmail(submitted());

    expect(email.subject).toBe('[KIM] Pendaftaran KIM baru: KIM Dajan Peken Informatif — Dajan Peken');
    for (const part of [email.text, visibleText(email.html)]) {
      expect(part).toContain('Sebuah KIM baru telah mendaftar di wilayah Anda');
      expect(part).toContain('KIM Dajan Peken Informatif');
      expect(part).toContain('Dajan Peken (51.02.05.2006)');
      expect(part).toContain('Tabanan (51.02.05)');
      expect(part).toContain('141/12/SK/2025');
      expect(part).toContain('2025-07-01 11:00 WITA');
      expect(part).toContain('https://kim.example.go.id/konsol/pendaftaran/01K0AAAAAAAAAAAAAAAAAAAAAA');
      expect(part).toContain('A new KIM registered in your region and is waiting for your review.');
    }
    expect(email.html).toContain(
      'href="https://kim.example.go.id/konsol/pendaftaran/01K0AAAAAAAAAAAAAAAAAAAAAA"',
    );
    expect(email.html).toContain('lang="en"');
  });

  it('says when the KIM resubmitted', () => {
    const email = registrationSubmittedEmail(submitted({ resubmission: true }));

    expect(email.subject).toContain('Pendaftaran KIM diajukan ulang');
    expect(email.text).toContain('memperbaiki dan mengajukan ulang');
    expect(email.text).toContain('Diajukan ulang: 2025-07-01 11:00 WITA');
    expect(email.text).toContain('resubmitted its registration');
  });

  it('escapes every interpolated value in the HTML part', () => {
    const email = registrationSubmittedEmail(
      submitted({
        kimName: HOSTILE,
        villageName: HOSTILE,
        districtName: HOSTILE,
        skNumber: HOSTILE,
        reviewUrl: 'https://kim.example.go.id/konsol/pendaftaran/x"><script>y</script>',
      }),
    );

    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toMatch(/"><script/);
    expect(email.html.split(ESCAPED).length - 1).toBeGreaterThanOrEqual(5);
    expect(email.html).toContain(
      'href="https://kim.example.go.id/konsol/pendaftaran/x&quot;&gt;&lt;script&gt;y&lt;/script&gt;"',
    );
    // Plain text carries the characters as typed; the subject stays one line.
    expect(email.text).toContain(`Nama KIM: ${HOSTILE}`);
    expect(email.subject).toContain('<script>');
    expect(email.subject).not.toMatch(/[\r\n]/);
  });

  it('drops line breaks a name could smuggle into the subject', () => {
    const email = registrationSubmittedEmail(submitted({ kimName: 'KIM\r\nBcc: x@example.com' }));

    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toContain('KIM Bcc: x@example.com');
  });
});

describe('registrationReviewedEmail (to the KIM contact)', () => {
  it('tells the contact the registration was verified', () => {
    const email = registrationReviewedEmail(reviewed());

    expect(email.subject).toBe('[KIM] Pendaftaran KIM diverifikasi: KIM Dajan Peken Informatif');
    for (const part of [email.text, visibleText(email.html)]) {
      expect(part).toContain('telah diperiksa dan diverifikasi oleh PPID');
      expect(part).toContain('Terverifikasi');
      expect(part).toContain('Dajan Peken (51.02.05.2006)');
      expect(part).toContain('2025-07-02 09:30 WITA');
      expect(part).toContain('01K0AAAAAAAAAAAAAAAAAAAAAA');
      expect(part).toContain('Your KIM registration has been verified.');
      expect(part).not.toContain('Alasan penolakan');
    }
  });

  it('tells the contact the registration was rejected, with the reason', () => {
    const email = registrationReviewedEmail(
      reviewed({ outcome: 'REJECTED', rejectionReason: 'Nomor SK tidak sesuai dengan lampiran.' }),
    );

    expect(email.subject).toBe('[KIM] Pendaftaran KIM ditolak: KIM Dajan Peken Informatif');
    for (const part of [email.text, visibleText(email.html)]) {
      expect(part).toContain('belum dapat diverifikasi');
      expect(part).toContain('Alasan penolakan:');
      expect(part).toContain('Nomor SK tidak sesuai dengan lampiran.');
      expect(part).toContain('token edit');
      expect(part).toContain('Your KIM registration was rejected');
    }
  });

  it('leaves the reason out when the reviewer gave none', () => {
    const email = registrationReviewedEmail(reviewed({ outcome: 'REJECTED' }));

    expect(email.text).not.toContain('Alasan penolakan');
    expect(email.html).not.toContain('Alasan penolakan');
    expect(email.text).toContain('Ditolak');
  });

  it('escapes the KIM name, village and reason in the HTML part', () => {
    const email = registrationReviewedEmail(
      reviewed({ outcome: 'REJECTED', kimName: HOSTILE, villageName: HOSTILE, rejectionReason: HOSTILE }),
    );

    expect(email.html).not.toContain('<script>');
    expect(email.html.split(ESCAPED).length - 1).toBeGreaterThanOrEqual(4);
    expect(email.text).toContain(HOSTILE);
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});
