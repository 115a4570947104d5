import {
  emailLayout,
  emailText,
  escapeHtml,
  formatWita,
  type RenderedEmail,
  safeSubject,
} from '../notifications/templates.js';

/** One KIM of a sign-in email and its own link. */
export interface SignInEmailEntry {
  readonly kimName: string;
  readonly villageName: string;
  readonly registrationId: string;
  readonly url: string;
}

const plain = (value: string) => value.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();

/**
 * The sign-in email: one link per KIM registered with the address, each opening only its own
 * workspace, valid until `validUntil`, once.
 */
export const signInEmail = (entries: readonly SignInEmailEntry[], validUntil: string): RenderedEmail => {
  const title = 'Tautan masuk ruang kelola KIM';
  const until = formatWita(validUntil);
  const intro = `Seseorang (semoga Anda) meminta tautan masuk ke ruang kelola KIM untuk alamat email ini. Setiap tautan hanya membuka KIM-nya sendiri, berlaku sampai ${until}, dan hanya dapat dipakai sekali.`;
  const ignore =
    'Jika Anda tidak memintanya, abaikan email ini: tanpa tautan ini tidak ada yang dapat masuk.';
  const english = `Your one-time sign-in links to the KIM workspace, one per KIM, valid until ${until}. If you did not ask for them, ignore this email.`;
  const items = entries
    .map(
      (entry) =>
        `<li style="margin:0 0 12px"><strong>${escapeHtml(plain(entry.kimName))}</strong> — ${escapeHtml(plain(entry.villageName))}<br><a href="${escapeHtml(entry.url)}" style="color:#0b4f8a;font-weight:bold">Masuk sebagai ${escapeHtml(plain(entry.kimName))}</a></li>`,
    )
    .join('');
  const html = emailLayout(
    title,
    [
      `<p style="margin:0 0 12px">${escapeHtml(intro)}</p>`,
      `<ul style="margin:0 0 12px;padding-left:20px">${items}</ul>`,
      `<p style="margin:12px 0 0;color:#52606d">${escapeHtml(ignore)}</p>`,
    ].join('\n'),
    escapeHtml(english),
  );
  const text = emailText(
    title,
    [
      intro,
      '',
      ...entries.flatMap((entry) => [
        `${plain(entry.kimName)} — ${plain(entry.villageName)} (${entry.registrationId})`,
        entry.url,
        '',
      ]),
      ignore,
    ],
    english,
  );
  return { subject: safeSubject(`[KIM] ${title}`), html, text };
};
