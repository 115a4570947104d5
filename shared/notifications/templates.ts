/**
 * The notification emails: Indonesian first, with a short English line. Every value is
 * interpolated HTML-escaped into the HTML part; subjects are one line of plain text.
 */

/** What an email is before it has a recipient. */
export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML element content and quoted attribute values. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

const SUBJECT_MAX_LENGTH = 150;

/** A subject on one line (no CR, LF or other control characters), at most 150 characters. */
export const safeSubject = (value: string): string => {
  const line = value
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const characters = [...line];
  return characters.length <= SUBJECT_MAX_LENGTH
    ? line
    : `${characters.slice(0, SUBJECT_MAX_LENGTH - 1).join('')}…`;
};

/** One line of plain text: control characters become spaces. */
const plain = (value: string) => value.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();

/** `YYYY-MM-DD HH:mm WITA` (UTC+8), the time of the first user, for a stored ISO instant. */
export const formatWita = (iso: string): string => {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  return `${new Date(time + 8 * 60 * 60 * 1000).toISOString().slice(0, 16).replace('T', ' ')} WITA`;
};

/** The last line of every email, in its HTML and its text. */
const SIGNATURE = 'Registri KIM — email otomatis, mohon tidak dibalas.';

/** The frame of every email: a title bar, the body (HTML), and a short English line. */
export const emailLayout = (title: string, body: string, english: string) =>
  [
    '<!DOCTYPE html>',
    '<html lang="id">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2933">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7">',
    '<tr><td align="center" style="padding:24px 12px">',
    '<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border:1px solid #d9dde3">',
    `<tr><td style="padding:20px 24px;background:#0b4f8a;color:#ffffff;font-size:18px;font-weight:bold">${escapeHtml(title)}</td></tr>`,
    `<tr><td style="padding:20px 24px;font-size:15px;line-height:1.5">${body}</td></tr>`,
    `<tr><td style="padding:12px 24px 20px;font-size:13px;line-height:1.4;color:#52606d;border-top:1px solid #e4e7eb" lang="en">${english}</td></tr>`,
    '</table>',
    `<p style="font-size:12px;color:#7b8794;margin:12px 0 0">${SIGNATURE}</p>`,
    '</td></tr></table>',
    '</body></html>',
  ].join('\n');

/** The text part of every email: the title, the body's lines, the English line and the signature. */
export const emailText = (title: string, body: readonly string[], english: string): string =>
  [title, '', ...body, '', `English: ${english}`, '', '-- ', SIGNATURE].join('\n');

/** Label–value rows as text lines, as `detailRows` shows them in HTML. */
const textRows = (rows: ReadonlyArray<readonly [string, string]>) =>
  rows.map(([label, value]) => `${label}: ${value}`);

const detailRows = (rows: ReadonlyArray<readonly [string, string]>) =>
  [
    '<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:12px 0;width:100%">',
    ...rows.map(
      ([label, value]) =>
        `<tr><td style="padding:6px 12px 6px 0;color:#52606d;white-space:nowrap;vertical-align:top">${escapeHtml(label)}</td><td style="padding:6px 0;font-weight:bold">${escapeHtml(value)}</td></tr>`,
    ),
    '</table>',
  ].join('\n');

const button = (href: string, label: string) =>
  `<p style="margin:20px 0"><a href="${escapeHtml(href)}" style="display:inline-block;padding:10px 18px;background:#0b4f8a;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold">${escapeHtml(label)}</a></p>`;

/** What the PPID officers are told about a registration waiting for review. */
export interface RegistrationSubmittedContent {
  /** True when the KIM corrected a rejected registration and sent it again. */
  readonly resubmission: boolean;
  readonly registrationId: string;
  readonly kimName: string;
  readonly villageName: string;
  readonly villageCode: string;
  readonly districtName: string;
  readonly districtCode: string;
  readonly skNumber: string;
  readonly skDate: string;
  /** When it was (re)submitted, ISO 8601. */
  readonly submittedAt: string;
  /** Where the officer reviews it. */
  readonly reviewUrl: string;
}

/** The email to a PPID officer: a KIM in their region waits for review. */
export const registrationSubmittedEmail = (content: RegistrationSubmittedContent): RenderedEmail => {
  const what = content.resubmission ? 'Pendaftaran KIM diajukan ulang' : 'Pendaftaran KIM baru';
  const title = `${what}: ${plain(content.kimName)}`;
  const rows = [
    ['Nama KIM', plain(content.kimName)],
    ['Desa/Kelurahan', `${plain(content.villageName)} (${content.villageCode})`],
    ['Kecamatan', `${plain(content.districtName)} (${content.districtCode})`],
    ['Nomor SK', plain(content.skNumber)],
    ['Tanggal SK', content.skDate],
    [content.resubmission ? 'Diajukan ulang' : 'Didaftarkan', formatWita(content.submittedAt)],
    ['ID pendaftaran', content.registrationId],
  ] as const;
  const intro = content.resubmission
    ? 'Sebuah KIM di wilayah Anda telah memperbaiki dan mengajukan ulang pendaftarannya. Mohon periksa kembali dan verifikasi atau tolak.'
    : 'Sebuah KIM baru telah mendaftar di wilayah Anda dan menunggu pemeriksaan. Mohon periksa dan verifikasi atau tolak pendaftarannya.';
  const english = content.resubmission
    ? 'A KIM in your region corrected and resubmitted its registration; please review it.'
    : 'A new KIM registered in your region and is waiting for your review.';
  const html = emailLayout(
    title,
    [
      `<p style="margin:0 0 8px">${escapeHtml(intro)}</p>`,
      detailRows(rows),
      button(content.reviewUrl, 'Periksa pendaftaran'),
      `<p style="margin:0;font-size:13px;color:#52606d">Tautan: <a href="${escapeHtml(content.reviewUrl)}" style="color:#0b4f8a">${escapeHtml(content.reviewUrl)}</a></p>`,
    ].join('\n'),
    escapeHtml(english),
  );
  const text = emailText(
    title,
    [intro, '', ...textRows(rows), '', `Periksa pendaftaran: ${content.reviewUrl}`],
    english,
  );
  return { subject: safeSubject(`[KIM] ${title} — ${plain(content.villageName)}`), html, text };
};

/** What the KIM contact is told about the review of their registration. */
export interface RegistrationReviewedContent {
  readonly outcome: 'VERIFIED' | 'REJECTED';
  readonly registrationId: string;
  readonly kimName: string;
  readonly villageName: string;
  readonly villageCode: string;
  /** The reviewer's reason for a rejection, when one was given. */
  readonly rejectionReason?: string | undefined;
  /** When it was reviewed, ISO 8601. */
  readonly reviewedAt: string;
  /**
   * A one-time link into the KIM's workspace (`/kelola`), valid for `signInValidUntil`; sent with
   * a verification. @default none
   */
  readonly signInUrl?: string | undefined;
  readonly signInValidUntil?: string | undefined;
}

/** The email to a KIM's contact: the registration was verified or rejected. */
export const registrationReviewedEmail = (content: RegistrationReviewedContent): RenderedEmail => {
  const verified = content.outcome === 'VERIFIED';
  const title = verified
    ? `Pendaftaran KIM diverifikasi: ${plain(content.kimName)}`
    : `Pendaftaran KIM ditolak: ${plain(content.kimName)}`;
  const reason = content.rejectionReason === undefined ? undefined : content.rejectionReason.trim();
  const rows: Array<readonly [string, string]> = [
    ['Nama KIM', plain(content.kimName)],
    ['Desa/Kelurahan', `${plain(content.villageName)} (${content.villageCode})`],
    ['Status', verified ? 'Terverifikasi' : 'Ditolak'],
    ['Tanggal pemeriksaan', formatWita(content.reviewedAt)],
    ['ID pendaftaran', content.registrationId],
  ];
  const intro = verified
    ? 'Selamat! Pendaftaran KIM Anda telah diperiksa dan diverifikasi oleh PPID. KIM Anda kini tercatat resmi di Registri KIM.'
    : 'Pendaftaran KIM Anda telah diperiksa oleh PPID dan belum dapat diverifikasi.';
  const next = verified
    ? undefined
    : 'Silakan perbaiki data pendaftaran dan ajukan ulang dengan token edit yang Anda terima saat mendaftar.';
  const signIn =
    verified && content.signInUrl !== undefined
      ? {
          url: content.signInUrl,
          line: `Kelola KIM Anda (unggah SK, lihat riwayat) lewat tautan masuk sekali pakai ini, berlaku sampai ${formatWita(content.signInValidUntil ?? '')}. Setelah itu, minta tautan baru di halaman /kelola.`,
        }
      : undefined;
  const english = verified
    ? 'Your KIM registration has been verified.'
    : 'Your KIM registration was rejected; you can correct it and submit it again with your edit token.';
  const reasonHtml =
    reason === undefined || reason === ''
      ? ''
      : `<p style="margin:12px 0 4px;color:#52606d">Alasan penolakan:</p><blockquote style="margin:0 0 12px;padding:8px 12px;border-left:4px solid #c0392b;background:#fdf2f2;white-space:pre-wrap">${escapeHtml(reason)}</blockquote>`;
  const html = emailLayout(
    title,
    [
      `<p style="margin:0 0 8px">${escapeHtml(intro)}</p>`,
      detailRows(rows),
      reasonHtml,
      next === undefined ? '' : `<p style="margin:12px 0 0">${escapeHtml(next)}</p>`,
      signIn === undefined
        ? ''
        : `<p style="margin:12px 0 0">${escapeHtml(signIn.line)}</p><p style="margin:8px 0 0"><a href="${escapeHtml(signIn.url)}" style="color:#0b4f8a;font-weight:bold">Masuk ke ruang kelola KIM</a></p>`,
    ]
      .filter((part) => part !== '')
      .join('\n'),
    escapeHtml(english),
  );
  const text = emailText(
    title,
    [
      intro,
      '',
      ...textRows(rows),
      ...(reason === undefined || reason === '' ? [] : ['', 'Alasan penolakan:', reason]),
      ...(next === undefined ? [] : ['', next]),
      ...(signIn === undefined ? [] : ['', signIn.line, signIn.url]),
    ],
    english,
  );
  return { subject: safeSubject(`[KIM] ${title}`), html, text };
};

/** What a term reminder says: which KIM, which term, and how long it has left. */
export interface TermReminderContent {
  /** The officers review in the console; the KIM renews its SK in its workspace. */
  readonly audience: 'officer' | 'contact';
  /** 60 or 14: the reminder's threshold in days. */
  readonly threshold: number;
  /** Days from the run's date to the term's last day (0 on the last day). */
  readonly daysLeft: number;
  readonly registrationId: string;
  readonly kimName: string;
  readonly villageName: string;
  readonly villageCode: string;
  readonly termStart: string;
  /** The term's last day, YYYY-MM-DD. */
  readonly termEnd: string;
  /** The console's registration page (officers) or the KIM's workspace (contact). */
  readonly url: string;
}

/** The reminder that a KIM's term of office (masa bakti) ends soon, 60 or 14 days before. */
export const termReminderEmail = (content: TermReminderContent): RenderedEmail => {
  const officer = content.audience === 'officer';
  const left =
    content.daysLeft === 0
      ? 'berakhir hari ini'
      : `berakhir dalam ${content.daysLeft} hari (${content.termEnd})`;
  const leftEn =
    content.daysLeft === 0 ? 'ends today' : `ends in ${content.daysLeft} days (${content.termEnd})`;
  const title = `Masa bakti KIM ${left}: ${plain(content.kimName)}`;
  const rows = [
    ['Nama KIM', plain(content.kimName)],
    ['Desa/Kelurahan', `${plain(content.villageName)} (${content.villageCode})`],
    ['Masa bakti', `${content.termStart} s.d. ${content.termEnd}`],
    ['Sisa waktu', `${content.daysLeft} hari`],
    ['ID pendaftaran', content.registrationId],
  ] as const;
  const intro = officer
    ? `Masa bakti pengurus sebuah KIM di wilayah Anda ${left}. Setelah tanggal itu SK-nya kedaluwarsa. Mohon ingatkan desa untuk menerbitkan SK baru dan periksa SK baru yang diunggah.`
    : `Masa bakti pengurus KIM Anda ${left}. Setelah tanggal itu SK KIM Anda kedaluwarsa. Mohon unggah SK baru untuk masa bakti berikutnya di halaman kelola KIM.`;
  const english = officer
    ? `The term of office of a KIM in your region ${leftEn}; after it, its SK has expired. Reminder sent ${content.threshold} days before.`
    : `Your KIM's term of office ${leftEn}; after it, your SK has expired. Please upload the SK of the next term in your KIM workspace. Reminder sent ${content.threshold} days before.`;
  const action = officer ? 'Buka pendaftaran di konsol' : 'Unggah SK baru';
  const html = emailLayout(
    title,
    [
      `<p style="margin:0 0 8px">${escapeHtml(intro)}</p>`,
      detailRows(rows),
      button(content.url, action),
      `<p style="margin:0;font-size:13px;color:#52606d">Tautan: <a href="${escapeHtml(content.url)}" style="color:#0b4f8a">${escapeHtml(content.url)}</a></p>`,
    ].join('\n'),
    escapeHtml(english),
  );
  const text = emailText(title, [intro, '', ...textRows(rows), '', `${action}: ${content.url}`], english);
  return { subject: safeSubject(`[KIM] ${title}`), html, text };
};

/** One winner an award email names. */
export interface AwardWinnerLine {
  readonly rank: number;
  readonly kimName: string;
  readonly villageName: string;
  /** The weighted total, rounded for reading (e.g. "87.33"). */
  readonly total: string;
  /** The KIM's public profile. */
  readonly profileUrl: string;
}

/** What an award email says: the round, the winners that concern the recipient, the results page. */
export interface AwardWinnersContent {
  /** The winner's contact is congratulated; officers hear of the winners of their region. */
  readonly audience: 'officer' | 'contact';
  readonly roundName: string;
  readonly winners: readonly AwardWinnerLine[];
  readonly resultsUrl: string;
}

/** The email of an award round's publication to a winner's contact or a PPID officer of its region. */
export const awardWinnersEmail = (content: AwardWinnersContent): RenderedEmail => {
  const contact = content.audience === 'contact';
  const round = plain(content.roundName);
  const title = contact
    ? `Selamat! KIM Anda meraih penghargaan: ${round}`
    : `Pemenang penghargaan KIM: ${round}`;
  const intro = contact
    ? `Hasil ${round} telah diumumkan. KIM Anda termasuk pemenang:`
    : `Hasil ${round} telah diumumkan. KIM di wilayah Anda yang termasuk pemenang:`;
  const english = contact
    ? `The results of ${round} are published: your KIM is among the winners. See the full results and scores on the results page.`
    : `The results of ${round} are published: the winners above are KIM of your region. See the full results and scores on the results page.`;
  const rows = content.winners.map(
    (winner) =>
      [
        `Peringkat ${winner.rank}`,
        `${plain(winner.kimName)} — ${plain(winner.villageName)} (nilai ${winner.total})`,
      ] as const,
  );
  const html = emailLayout(
    title,
    [
      `<p style="margin:0 0 8px">${escapeHtml(intro)}</p>`,
      detailRows(rows),
      ...content.winners.map(
        (winner) =>
          `<p style="margin:0 0 4px;font-size:13px">Profil ${escapeHtml(plain(winner.kimName))}: <a href="${escapeHtml(winner.profileUrl)}" style="color:#0b4f8a">${escapeHtml(winner.profileUrl)}</a></p>`,
      ),
      button(content.resultsUrl, 'Lihat hasil lengkap'),
    ].join('\n'),
    escapeHtml(english),
  );
  const text = emailText(
    title,
    [
      intro,
      '',
      ...textRows(rows),
      '',
      ...content.winners.map((winner) => `Profil ${plain(winner.kimName)}: ${winner.profileUrl}`),
      '',
      `Hasil lengkap: ${content.resultsUrl}`,
    ],
    english,
  );
  return { subject: safeSubject(`[KIM] ${title}`), html, text };
};
