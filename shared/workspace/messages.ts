import type { Language, Text } from '../platform/web/language.js';
import { CHANGED_FIELD_LABELS } from '../registrations/profile.js';
import type { REGISTRATION_STATUSES } from '../registrations/schema.js';

/**
 * Every string of the KIM workspace (`/kelola`), in Indonesian and in English. Pages read them
 * through `text(lang)`; nothing on a workspace page is written anywhere else.
 */
export const messages = {
  site: { name: { id: 'Ruang Kelola KIM', en: 'KIM workspace' } },
  nav: {
    home: { id: 'Beranda KIM', en: 'KIM home' },
    sk: { id: 'Unggah SK', en: 'Upload SK' },
    profile: { id: 'Profil KIM', en: 'KIM profile' },
    publicSite: { id: 'Situs publik', en: 'Public site' },
    signOut: { id: 'Keluar', en: 'Sign out' },
    signedInAs: { id: 'Masuk sebagai', en: 'Signed in as' },
  },
  errorPrefix: { id: 'Kesalahan:', en: 'Error:' },
  errorSummary: { id: 'Ada yang perlu diperbaiki', en: 'There is a problem' },
  signIn: {
    title: { id: 'Masuk ke ruang kelola KIM', en: 'Sign in to the KIM workspace' },
    lead: {
      id: 'Masukkan alamat email kontak yang Anda isi saat mendaftarkan KIM. Kami mengirim tautan masuk sekali pakai ke alamat itu, satu untuk setiap KIM yang terdaftar dengannya.',
      en: 'Enter the contact email you gave when registering the KIM. We email a one-time sign-in link to that address, one for each KIM registered with it.',
    },
    email: { id: 'Alamat email kontak', en: 'Contact email address' },
    emailHint: { id: 'Contoh: kim.maju@example.id', en: 'For example: kim.maju@example.id' },
    submit: { id: 'Kirim tautan masuk', en: 'Send sign-in link' },
    sentTitle: { id: 'Periksa email Anda', en: 'Check your email' },
    sent: {
      id: 'Jika alamat ini terdaftar sebagai kontak KIM, tautan masuk telah dikirim ke sana. Tautan berlaku 15 menit dan hanya sekali pakai. Tidak menerima email? Periksa folder spam, atau minta lagi beberapa menit kemudian.',
      en: 'If this address is registered as a KIM contact, a sign-in link has been sent to it. The link is valid for 15 minutes and works once. No email? Check your spam folder, or ask again in a few minutes.',
    },
    again: { id: 'Minta tautan lain', en: 'Ask for another link' },
  },
  link: {
    title: { id: 'Masuk ke ruang kelola', en: 'Sign in to the workspace' },
    lead: {
      id: 'Tekan tombol di bawah untuk masuk ke ruang kelola KIM ini. Tautan ini hanya dapat dipakai sekali.',
      en: 'Press the button below to sign in to this KIM’s workspace. This link works only once.',
    },
    submit: { id: 'Masuk', en: 'Sign in' },
    failedTitle: { id: 'Tautan tidak dapat dipakai', en: 'This link cannot be used' },
    unknown: {
      id: 'Tautan masuk ini sudah dipakai, tidak dikenal, atau bukan untuk KIM ini. Tidak ada yang dibuka.',
      en: 'This sign-in link has already been used, is unknown, or is not for this KIM. Nothing was opened.',
    },
    expired: {
      id: 'Tautan masuk ini sudah kedaluwarsa (berlaku 15 menit). Tidak ada yang dibuka.',
      en: 'This sign-in link has expired (it is valid for 15 minutes). Nothing was opened.',
    },
    malformed: {
      id: 'Tautan masuk ini tidak lengkap. Salin seluruh tautan dari email Anda.',
      en: 'This sign-in link is incomplete. Copy the whole link from your email.',
    },
    askNew: { id: 'Minta tautan masuk baru', en: 'Ask for a new sign-in link' },
  },
  home: {
    title: { id: 'Beranda KIM', en: 'KIM home' },
    status: { id: 'Status pendaftaran', en: 'Registration status' },
    village: { id: 'Desa/Kelurahan', en: 'Village' },
    id: { id: 'Nomor pendaftaran', en: 'Registration number' },
    skNumber: { id: 'Nomor SK pembentukan', en: 'Founding decree (SK) number' },
    submittedAt: { id: 'Didaftarkan', en: 'Registered' },
    publicProfile: { id: 'Lihat profil publik KIM', en: 'View the KIM’s public profile' },
    statusPage: { id: 'Lihat halaman status', en: 'View the status page' },
    skHeading: { id: 'SK dan masa bakti', en: 'SK and terms of office' },
    skNone: {
      id: 'Belum ada SK yang diunggah. Unggah SK pembentukan agar PPID dapat memeriksanya.',
      en: 'No SK has been uploaded yet. Upload the founding decree so the PPID can check it.',
    },
    skUpload: { id: 'Unggah SK baru', en: 'Upload a new SK' },
    skUploaded: {
      id: 'SK baru telah diunggah dan diperiksa.',
      en: 'The new SK has been uploaded and checked.',
    },
    term: { id: 'Masa bakti', en: 'Term of office' },
    skDate: { id: 'Tanggal SK', en: 'SK date' },
    file: { id: 'Berkas', en: 'File' },
    uploadedAt: { id: 'Diunggah', en: 'Uploaded' },
    current: { id: 'terbaru', en: 'latest' },
  },
  sk: {
    title: { id: 'Unggah SK', en: 'Upload an SK' },
    lead: {
      id: 'Setiap unggahan menjadi versi baru dengan masa baktinya; versi lama tetap tersimpan dalam riwayat. Berkas PDF, JPEG, atau PNG, paling besar 5 MB. Isinya diperiksa; nama dan jenis berkas yang dinyatakan tidak dipercaya.',
      en: 'Each upload becomes a new version with its term of office; older versions stay in the history. A PDF, JPEG or PNG file of at most 5 MB. Its content is checked; its name and declared type are not trusted.',
    },
    needsScript: {
      id: 'Mengunggah berkas membutuhkan JavaScript: berkas dikirim langsung dari peramban ke penyimpanan dokumen. Aktifkan JavaScript, lalu muat ulang halaman ini.',
      en: 'Uploading a file needs JavaScript: the file goes straight from the browser to the document store. Turn JavaScript on, then reload this page.',
    },
    termStart: { id: 'Awal masa bakti', en: 'Start of the term' },
    termEnd: { id: 'Akhir masa bakti', en: 'End of the term' },
    skNumber: { id: 'Nomor SK', en: 'SK number' },
    skNumberHint: { id: 'Contoh: 141/12/KL/2025', en: 'For example: 141/12/KL/2025' },
    skDate: { id: 'Tanggal SK', en: 'SK date' },
    file: { id: 'Berkas SK', en: 'SK file' },
    fileHint: { id: 'PDF, JPEG, atau PNG, paling besar 5 MB', en: 'PDF, JPEG or PNG, at most 5 MB' },
    submit: { id: 'Unggah SK', en: 'Upload SK' },
    uploading: { id: 'Mengunggah…', en: 'Uploading…' },
    fileMissing: { id: 'Pilih berkas SK.', en: 'Choose the SK file.' },
    uploadFailed: {
      id: 'Berkas tidak dapat dikirim ke penyimpanan dokumen. Periksa koneksi, lalu coba lagi.',
      en: 'The file could not be sent to the document store. Check the connection, then try again.',
    },
  },
  profile: {
    title: { id: 'Profil KIM', en: 'KIM profile' },
    lead: {
      id: 'Perbarui data KIM Anda. Aturannya sama dengan pendaftaran. Kontak tidak diubah di sini: alamat emailnya adalah alamat masuk ruang kelola.',
      en: 'Update your KIM’s details. The rules are the same as for a registration. The contact is not changed here: its email address is where the workspace sign-in links go.',
    },
    status: { id: 'Status saat ini', en: 'Current status' },
    reviewWarning: {
      id: 'Perhatian: jika KIM sudah terverifikasi, mengubah nama, desa/kelurahan, atau nomor SK mengembalikannya ke status “Menunggu verifikasi” sampai PPID memeriksanya lagi. Perubahan lain (tanggal SK, pengurus, jumlah anggota, bidang, media) tidak mengubah status.',
      en: 'Note: if the KIM is verified, changing its name, village or SK number sends it back to “Awaiting verification” until the PPID reviews it again. Other changes (SK date, board, member count, focus areas, media) keep the status.',
    },
    submit: { id: 'Simpan perubahan', en: 'Save changes' },
    saved: { id: 'Perubahan disimpan.', en: 'Changes saved.' },
    changed: { id: 'Yang berubah:', en: 'What changed:' },
    nothingChanged: {
      id: 'Tidak ada yang berubah; tidak ada yang disimpan.',
      en: 'Nothing changed; nothing was saved.',
    },
    backToReview: {
      id: 'Karena nama, desa/kelurahan, atau nomor SK berubah, KIM ini kembali menunggu verifikasi PPID.',
      en: 'Because the name, village or SK number changed, this KIM is awaiting PPID verification again.',
    },
    statusKept: { id: 'Status KIM tidak berubah.', en: 'The KIM’s status did not change.' },
    changedMeanwhile: {
      id: 'Profil ini diubah di tempat lain sejak halaman ini dibuka. Perubahan Anda belum disimpan. Berikut data yang tersimpan sekarang: periksa, lalu ulangi perubahan Anda.',
      en: 'This profile was changed elsewhere since this page was opened. Your changes were not saved. Below is the data stored now: check it, then make your changes again.',
    },
    notEditableTitle: { id: 'Profil tidak dapat diubah di sini', en: 'The profile cannot be changed here' },
    rejected: {
      id: 'Pendaftaran ini ditolak. Pendaftaran yang ditolak diperbaiki seluruhnya lewat tautan perbaikan pada email penolakan, bukan lewat halaman ini.',
      en: 'This registration was rejected. A rejected registration is corrected whole through the correction link in the rejection email, not on this page.',
    },
    deactivated: {
      id: 'KIM ini dinonaktifkan. Hubungi PPID jika perlu diaktifkan kembali.',
      en: 'This KIM has been deactivated. Contact the PPID if it should be reactivated.',
    },
    fields: CHANGED_FIELD_LABELS,
  },
  signedOut: {
    title: { id: 'Anda sudah keluar', en: 'You have signed out' },
    lead: {
      id: 'Sesi ruang kelola telah diakhiri di peramban ini.',
      en: 'The workspace session has ended in this browser.',
    },
  },
  error: {
    title: { id: 'Terjadi kesalahan', en: 'Something went wrong' },
    generic: {
      id: 'Terjadi kesalahan pada server. Silakan coba lagi.',
      en: 'Something went wrong on the server. Please try again.',
    },
    requestId: { id: 'Kode permintaan', en: 'Request id' },
    back: { id: 'Kembali ke ruang kelola', en: 'Back to the workspace' },
  },
  statuses: {
    SUBMITTED: { id: 'Menunggu verifikasi', en: 'Awaiting verification' },
    VERIFIED: { id: 'Terverifikasi', en: 'Verified' },
    REJECTED: { id: 'Ditolak', en: 'Rejected' },
    DEACTIVATED: { id: 'Dinonaktifkan', en: 'Deactivated' },
  } satisfies Record<(typeof REGISTRATION_STATUSES)[number], Text>,
} as const;

/** The reader of one language: `t(messages.nav.home)`. */
export const text =
  (lang: Language) =>
  (entry: Text): string =>
    entry[lang];
