import { formatIndonesianDate, formatIndonesianNumber } from '../platform/time/indonesian-time.js';
import type { CoverageSummary } from '../village-coverage/coverage.js';
import { BACKLOG_LIST_LIMIT, type Digest, type DigestVillage } from './build-digest.js';

/** How many entries of each list the email shows; the CSV attachment has every village. */
export const LIST_LIMITS = { missing: 50, newRegistrations: 20, backlog: BACKLOG_LIST_LIMIT } as const;

export interface DigestTemplateOptions {
  /** Base of the review links, e.g. https://kim.example.go.id. */
  readonly baseUrl: string;
  /** Time zone dates are shown in. */
  readonly timeZone: string;
}

export interface RenderedDigest {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export const escapeHtml = (value: string | number): string =>
  String(value).replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);

/** Numbers the Indonesian way: 83.762; 12,5 (without loading ICU: see indonesian-time.ts). */
export const formatNumber = (value: number): string => formatIndonesianNumber(value);

export const formatPercent = (value: number): string => `${formatNumber(value)}%`;

/** A signed change: +3, −2, 0 (percentage points with `pp`). */
export const formatChange = (value: number, unit = ''): string =>
  `${value > 0 ? '+' : value < 0 ? '−' : '±'}${formatNumber(Math.abs(value))}${unit}`;

const formatDate = (iso: string, timeZone: string, withTime = false): string =>
  formatIndonesianDate(iso, timeZone, withTime);

const STATUS_LABELS: Record<string, string> = {
  SUBMITTED: 'menunggu verifikasi',
  VERIFIED: 'terverifikasi',
  REJECTED: 'ditolak',
  DEACTIVATED: 'dinonaktifkan',
};

const LEVEL_LABELS: Record<string, string> = {
  country: 'Indonesia',
  province: 'Provinsi',
  // Regency names carry their kind already: Kabupaten Tabanan, Kota Denpasar.
  regency: '',
  district: 'Kecamatan',
  village: 'Desa/Kelurahan',
};

const CHILD_HEADINGS: Record<string, string> = {
  country: 'Per provinsi',
  province: 'Per kabupaten/kota',
  regency: 'Per kecamatan',
  district: 'Per desa/kelurahan',
};

const COLORS = {
  covered: '#1b7f3b',
  pending: '#e0a100',
  empty: '#e6e9ee',
  text: '#1f2933',
  muted: '#5f6b7a',
};

const reviewLink = (options: DigestTemplateOptions, id: string) =>
  `${options.baseUrl.replace(/\/+$/, '')}/konsol/pendaftaran/${encodeURIComponent(id)}`;

const more = (shown: number, total: number) => total - shown;

/** A bar as table cells: green for covered, amber for pending only, grey for the rest. */
const bar = (summary: CoverageSummary): string => {
  const { total, covered, pendingOnly } = summary.villages;
  const parts: Array<[number, string]> =
    total === 0
      ? [[100, COLORS.empty]]
      : [
          [Math.round((covered / total) * 1000) / 10, COLORS.covered],
          [Math.round((pendingOnly / total) * 1000) / 10, COLORS.pending],
          [0, COLORS.empty],
        ];
  const used = parts.slice(0, -1).reduce((sum, [width]) => sum + width, 0);
  if (total !== 0) (parts[2] as [number, string])[0] = Math.max(0, Math.round((100 - used) * 10) / 10);
  const cells = parts
    .filter(([width]) => width > 0)
    .map(
      ([width, color]) =>
        `<td width="${width}%" style="width:${width}%;background-color:${color};height:12px;font-size:0;line-height:0;">&nbsp;</td>`,
    )
    .join('');
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;width:100%;min-width:120px;"><tr>${cells}</tr></table>`;
};

const cell = (content: string, extra = '') =>
  `<td style="padding:6px 8px;border-bottom:1px solid #e6e9ee;vertical-align:top;${extra}">${content}</td>`;
const headCell = (content: string, extra = '') =>
  `<th align="left" style="padding:6px 8px;border-bottom:2px solid #c8ced6;font-size:13px;color:${COLORS.muted};${extra}">${content}</th>`;
const table = (head: string, rows: string) =>
  `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;width:100%;font-size:14px;"><tr>${head}</tr>${rows}</table>`;
const heading = (text: string) =>
  `<h2 style="font-size:17px;margin:28px 0 8px 0;color:${COLORS.text};">${escapeHtml(text)}</h2>`;
const paragraph = (html: string) =>
  `<p style="margin:6px 0;color:${COLORS.muted};font-size:13px;">${html}</p>`;

const villageStatusLabel = (village: DigestVillage) =>
  village.status === 'pending' ? 'ada KIM menunggu verifikasi' : 'belum ada KIM';

/** Subject, HTML and plain-text parts of a digest email. Every value from data is escaped. */
export const renderDigest = (digest: Digest, options: DigestTemplateOptions): RenderedDigest => {
  const { region, change } = digest;
  const tz = options.timeZone;
  const regionTitle =
    region.level === 'country' ? 'Indonesia' : `${LEVEL_LABELS[region.level] ?? ''} ${region.name}`.trim();
  const date = formatDate(digest.at, tz);
  const subject = `Ringkasan cakupan KIM ${regionTitle}: ${formatPercent(region.coveragePercent)} desa tercakup (${date})`;
  const missing = digest.villages.filter((village) => village.status !== 'covered');
  const missingShown = missing.slice(0, LIST_LIMITS.missing);
  const newShown = digest.newRegistrations.items.slice(0, LIST_LIMITS.newRegistrations);
  const backlogShown = digest.backlog.items.slice(0, LIST_LIMITS.backlog);
  const since = formatDate(digest.newRegistrations.since, tz, true);

  // ---- HTML ----
  const html: string[] = [];
  html.push(
    '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    `<body style="margin:0;padding:0;background-color:#f4f6f8;font-family:Arial,Helvetica,sans-serif;color:${COLORS.text};">`,
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f6f8;"><tr><td align="center" style="padding:16px;">',
    '<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="width:640px;max-width:100%;background-color:#ffffff;border-collapse:collapse;"><tr><td style="padding:24px;">',
    `<h1 style="font-size:21px;margin:0 0 4px 0;color:${COLORS.text};">Ringkasan cakupan KIM — ${escapeHtml(regionTitle)}</h1>`,
    paragraph(
      `Kode wilayah ${escapeHtml(region.code)} · keadaan per ${escapeHtml(formatDate(digest.at, tz, true))}`,
    ),
    paragraph(
      '<em lang="en">Weekly coverage digest of KIM (community information groups) for this region; the attached CSV lists every village.</em>',
    ),
  );

  html.push(
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin-top:16px;border-collapse:collapse;"><tr>',
    `<td style="padding:12px;background-color:#eef6f0;width:50%;"><div style="font-size:34px;font-weight:bold;color:${COLORS.covered};">${escapeHtml(formatPercent(region.coveragePercent))}</div><div style="font-size:13px;color:${COLORS.muted};">desa/kelurahan dengan KIM terverifikasi</div></td>`,
    `<td style="padding:12px;background-color:#f7f8fa;width:50%;"><div style="font-size:22px;font-weight:bold;">${escapeHtml(formatNumber(region.villages.covered))} / ${escapeHtml(formatNumber(region.villages.total))}</div><div style="font-size:13px;color:${COLORS.muted};">desa tercakup dari seluruh desa; ${escapeHtml(formatNumber(region.villages.pendingOnly))} desa hanya punya KIM yang menunggu verifikasi</div></td>`,
    '</tr></table>',
    `<div style="margin-top:12px;">${bar(region)}</div>`,
    paragraph(
      `KIM: ${escapeHtml(formatNumber(region.kim.verified))} terverifikasi, ${escapeHtml(formatNumber(region.kim.submitted))} menunggu verifikasi, ${escapeHtml(formatNumber(region.kim.rejected))} ditolak, ${escapeHtml(formatNumber(region.kim.deactivated))} dinonaktifkan.`,
    ),
  );

  html.push(heading('Perubahan sejak ringkasan sebelumnya'));
  if (change) {
    html.push(
      paragraph(`Dibanding ringkasan ${escapeHtml(formatDate(change.since, tz, true))}:`),
      table(
        headCell('Ukuran') + headCell('Perubahan', 'text-align:right;'),
        [
          ['Desa tercakup', formatChange(change.covered)],
          ['Cakupan (poin persen)', formatChange(change.coveragePercent, ' pp')],
          ['Desa hanya dengan KIM menunggu', formatChange(change.pendingOnly)],
          ['KIM terverifikasi', formatChange(change.verified)],
          ['KIM menunggu verifikasi', formatChange(change.submitted)],
          ['KIM ditolak', formatChange(change.rejected)],
          ['KIM dinonaktifkan', formatChange(change.deactivated)],
        ]
          .map(
            ([label, value]) =>
              `<tr>${cell(escapeHtml(label ?? ''))}${cell(escapeHtml(value ?? ''), 'text-align:right;')}</tr>`,
          )
          .join(''),
      ),
    );
  } else {
    html.push(
      paragraph('Ini ringkasan pertama untuk wilayah ini; perubahan ditampilkan mulai ringkasan berikutnya.'),
    );
  }

  if (digest.children.length > 0) {
    html.push(
      heading(CHILD_HEADINGS[region.level] ?? 'Per wilayah'),
      table(
        headCell('Wilayah') +
          headCell('Tercakup', 'text-align:right;') +
          headCell('%', 'text-align:right;') +
          headCell('', 'width:35%;'),
        digest.children
          .map(
            (child) =>
              `<tr>${cell(`${escapeHtml(child.name)}<br><span style="font-size:12px;color:${COLORS.muted};">${escapeHtml(child.code)}</span>`)}${cell(
                `${escapeHtml(formatNumber(child.villages.covered))}/${escapeHtml(formatNumber(child.villages.total))}`,
                'text-align:right;white-space:nowrap;',
              )}${cell(escapeHtml(formatPercent(child.coveragePercent)), 'text-align:right;white-space:nowrap;')}${cell(bar(child), 'width:35%;vertical-align:middle;')}</tr>`,
          )
          .join(''),
      ),
      paragraph(
        `<span style="color:${COLORS.covered};">■</span> ada KIM terverifikasi &nbsp; <span style="color:${COLORS.pending};">■</span> hanya KIM menunggu verifikasi &nbsp; <span style="color:#9aa5b1;">■</span> belum ada KIM`,
      ),
    );
  }

  if (digest.expiredTerms !== undefined) {
    html.push(
      paragraph(
        `KIM terverifikasi yang masa baktinya sudah berakhir (SK kedaluwarsa): <strong>${escapeHtml(formatNumber(digest.expiredTerms))}</strong> <em lang="en">(verified KIM whose term of office has ended)</em>`,
      ),
    );
  }

  html.push(heading(`Desa/kelurahan tanpa KIM terverifikasi (${formatNumber(missing.length)})`));
  if (missing.length === 0) {
    html.push(paragraph('Semua desa/kelurahan sudah memiliki KIM terverifikasi.'));
  } else {
    html.push(
      table(
        headCell('Kode') + headCell('Desa/kelurahan') + headCell('Kecamatan') + headCell('Keadaan'),
        missingShown
          .map(
            (village) =>
              `<tr>${cell(escapeHtml(village.code), 'white-space:nowrap;')}${cell(escapeHtml(village.name))}${cell(escapeHtml(village.districtName))}${cell(escapeHtml(villageStatusLabel(village)))}</tr>`,
          )
          .join(''),
      ),
    );
    if (more(missingShown.length, missing.length) > 0) {
      html.push(
        paragraph(
          `dan ${escapeHtml(formatNumber(more(missingShown.length, missing.length)))} lainnya — daftar lengkap ada di lampiran CSV.`,
        ),
      );
    }
  }

  const registrationRows = (items: Digest['newRegistrations']['items'], withWait: boolean) =>
    items
      .map((item) => {
        const waited =
          withWait && 'waitingDays' in item ? ` (${formatNumber(Number(item.waitingDays))} hari)` : '';
        return `<tr>${cell(`<a href="${escapeHtml(reviewLink(options, item.id))}" style="color:#0b5cad;">${escapeHtml(item.name)}</a>`)}${cell(
          `${escapeHtml(item.villageName)}<br><span style="font-size:12px;color:${COLORS.muted};">${escapeHtml(item.villageCode)}</span>`,
        )}${cell(escapeHtml(STATUS_LABELS[item.status] ?? item.status))}${cell(
          escapeHtml(`${formatDate(item.submittedAt, tz)}${waited}`),
          'white-space:nowrap;',
        )}</tr>`;
      })
      .join('');

  html.push(
    heading(`Pendaftaran baru sejak ${since} (${formatNumber(digest.newRegistrations.items.length)})`),
  );
  if (newShown.length === 0) {
    html.push(paragraph('Tidak ada pendaftaran baru.'));
  } else {
    html.push(
      table(
        headCell('KIM') + headCell('Desa/kelurahan') + headCell('Status') + headCell('Diajukan'),
        registrationRows(newShown, false),
      ),
    );
    const rest = more(newShown.length, digest.newRegistrations.items.length);
    if (rest > 0) html.push(paragraph(`dan ${escapeHtml(formatNumber(rest))} lainnya.`));
  }

  html.push(heading(`Menunggu verifikasi lebih dari 7 hari (${formatNumber(digest.backlog.total)})`));
  if (backlogShown.length === 0) {
    html.push(paragraph('Tidak ada pendaftaran yang menunggu lebih dari 7 hari.'));
  } else {
    html.push(
      paragraph('Yang paling lama menunggu di atas.'),
      table(
        headCell('KIM') +
          headCell('Desa/kelurahan') +
          headCell('Status') +
          headCell('Diajukan (lama menunggu)'),
        registrationRows(backlogShown, true),
      ),
    );
    const rest = more(backlogShown.length, digest.backlog.total);
    if (rest > 0) html.push(paragraph(`dan ${escapeHtml(formatNumber(rest))} lainnya.`));
  }

  html.push(
    `<p style="margin:28px 0 0 0;font-size:12px;color:${COLORS.muted};">Email ini dikirim otomatis oleh kim-registry kepada penerima ringkasan wilayah ${escapeHtml(region.code)}. <span lang="en">Sent automatically to the digest subscribers of this region.</span></p>`,
    '</td></tr></table></td></tr></table></body></html>',
  );

  // ---- plain text ----
  const text: string[] = [];
  text.push(
    `RINGKASAN CAKUPAN KIM — ${regionTitle.toUpperCase()} (${region.code})`,
    `Keadaan per ${formatDate(digest.at, tz, true)}`,
    'Weekly coverage digest of KIM for this region; the attached CSV lists every village.',
    '',
    `Cakupan: ${formatPercent(region.coveragePercent)} (${formatNumber(region.villages.covered)} dari ${formatNumber(region.villages.total)} desa/kelurahan punya KIM terverifikasi)`,
    `Desa hanya dengan KIM menunggu verifikasi: ${formatNumber(region.villages.pendingOnly)}`,
    `KIM: ${formatNumber(region.kim.verified)} terverifikasi, ${formatNumber(region.kim.submitted)} menunggu verifikasi, ${formatNumber(region.kim.rejected)} ditolak, ${formatNumber(region.kim.deactivated)} dinonaktifkan`,
    '',
    'PERUBAHAN SEJAK RINGKASAN SEBELUMNYA',
  );
  if (change) {
    text.push(
      `Dibanding ${formatDate(change.since, tz, true)}:`,
      `- Desa tercakup: ${formatChange(change.covered)}`,
      `- Cakupan: ${formatChange(change.coveragePercent, ' pp')}`,
      `- Desa hanya dengan KIM menunggu: ${formatChange(change.pendingOnly)}`,
      `- KIM terverifikasi: ${formatChange(change.verified)}`,
      `- KIM menunggu verifikasi: ${formatChange(change.submitted)}`,
      `- KIM ditolak: ${formatChange(change.rejected)}`,
      `- KIM dinonaktifkan: ${formatChange(change.deactivated)}`,
    );
  } else {
    text.push('Ini ringkasan pertama untuk wilayah ini.');
  }
  if (digest.children.length > 0) {
    text.push('', (CHILD_HEADINGS[region.level] ?? 'Per wilayah').toUpperCase());
    for (const child of digest.children) {
      text.push(
        `- ${child.name} (${child.code}): ${formatNumber(child.villages.covered)}/${formatNumber(child.villages.total)} = ${formatPercent(child.coveragePercent)}`,
      );
    }
  }
  if (digest.expiredTerms !== undefined) {
    text.push(
      '',
      `KIM terverifikasi yang masa baktinya sudah berakhir (SK kedaluwarsa): ${formatNumber(digest.expiredTerms)} (verified KIM whose term of office has ended)`,
    );
  }
  text.push('', `DESA/KELURAHAN TANPA KIM TERVERIFIKASI (${formatNumber(missing.length)})`);
  if (missing.length === 0) text.push('Semua desa/kelurahan sudah memiliki KIM terverifikasi.');
  for (const village of missingShown) {
    text.push(
      `- ${village.code} ${village.name}, Kec. ${village.districtName}: ${villageStatusLabel(village)}`,
    );
  }
  if (more(missingShown.length, missing.length) > 0) {
    text.push(`dan ${formatNumber(more(missingShown.length, missing.length))} lainnya — lihat lampiran CSV.`);
  }
  text.push('', `PENDAFTARAN BARU SEJAK ${since} (${formatNumber(digest.newRegistrations.items.length)})`);
  if (newShown.length === 0) text.push('Tidak ada pendaftaran baru.');
  for (const item of newShown) {
    text.push(
      `- ${item.name} — ${item.villageName} (${item.villageCode}), ${STATUS_LABELS[item.status] ?? item.status}, diajukan ${formatDate(item.submittedAt, tz)}: ${reviewLink(options, item.id)}`,
    );
  }
  if (more(newShown.length, digest.newRegistrations.items.length) > 0) {
    text.push(`dan ${formatNumber(more(newShown.length, digest.newRegistrations.items.length))} lainnya.`);
  }
  text.push('', `MENUNGGU VERIFIKASI LEBIH DARI 7 HARI (${formatNumber(digest.backlog.total)})`);
  if (backlogShown.length === 0) text.push('Tidak ada pendaftaran yang menunggu lebih dari 7 hari.');
  for (const item of backlogShown) {
    text.push(
      `- ${item.name} — ${item.villageName} (${item.villageCode}), diajukan ${formatDate(item.submittedAt, tz)} (${formatNumber(item.waitingDays)} hari): ${reviewLink(options, item.id)}`,
    );
  }
  if (more(backlogShown.length, digest.backlog.total) > 0) {
    text.push(`dan ${formatNumber(more(backlogShown.length, digest.backlog.total))} lainnya.`);
  }
  text.push(
    '',
    `Email ini dikirim otomatis oleh kim-registry kepada penerima ringkasan wilayah ${region.code}.`,
  );

  return { subject, html: html.join('\n'), text: `${text.join('\n')}\n` };
};
