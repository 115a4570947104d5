import type { Language, Text } from '../platform/web/language.js';
import type { HistoryAction } from '../registrations/history.js';
import { CHANGED_FIELD_LABELS } from '../registrations/profile.js';
import type { REGISTRATION_STATUSES } from '../registrations/schema.js';

/**
 * Every string of the console (`/konsol`), in Indonesian and in English. Pages read them through
 * `text(lang)`; nothing on a console page is written anywhere else.
 */
export const messages = {
  site: {
    name: { id: 'Konsol Registri KIM', en: 'KIM Registry console' },
  },
  nav: {
    queue: { id: 'Antrean', en: 'Queue' },
    exports: { id: 'Ekspor', en: 'Exports' },
    awards: { id: 'Penghargaan', en: 'Awards' },
    admin: { id: 'Administrasi', en: 'Administration' },
    signOut: { id: 'Keluar', en: 'Sign out' },
    signedInAs: { id: 'Masuk sebagai', en: 'Signed in as' },
  },
  roles: {
    admin: { id: 'admin', en: 'admin' },
    ppid: { id: 'PPID', en: 'PPID officer' },
  },
  /** The mark of a KIM whose current term (the newest SK's) ended before today. */
  expired: { id: 'SK kedaluwarsa', en: 'SK expired' },
  statuses: {
    SUBMITTED: { id: 'Menunggu verifikasi', en: 'Awaiting verification' },
    VERIFIED: { id: 'Terverifikasi', en: 'Verified' },
    REJECTED: { id: 'Ditolak', en: 'Rejected' },
    DEACTIVATED: { id: 'Dinonaktifkan', en: 'Deactivated' },
  } satisfies Record<(typeof REGISTRATION_STATUSES)[number], Text>,
  actions: {
    SUBMIT: { id: 'Didaftarkan', en: 'Submitted' },
    VERIFY: { id: 'Diverifikasi', en: 'Verified' },
    REJECT: { id: 'Ditolak', en: 'Rejected' },
    DEACTIVATE: { id: 'Dinonaktifkan', en: 'Deactivated' },
    RESUBMIT: { id: 'Diperbaiki dan dikirim ulang', en: 'Corrected and resubmitted' },
    UPDATE_PROFILE: { id: 'Profil diubah oleh KIM', en: 'Profile updated by the KIM' },
  } satisfies Record<HistoryAction, Text>,
  /** The fields an UPDATE_PROFILE audit entry names. */
  profileFields: CHANGED_FIELD_LABELS,
  queue: {
    title: { id: 'Antrean verifikasi', en: 'Review queue' },
    intro: {
      id: 'Pendaftaran KIM di wilayah Anda. Yang menunggu verifikasi tampil lebih dulu, yang terlama di atas.',
      en: 'KIM registrations in your region. Those awaiting verification come first, the oldest on top.',
    },
    filters: { id: 'Saring', en: 'Filter' },
    region: { id: 'Kecamatan atau desa', en: 'District or village' },
    allRegion: { id: 'Seluruh wilayah Anda', en: 'All of your region' },
    status: { id: 'Status', en: 'Status' },
    allStatuses: { id: 'Semua status', en: 'All statuses' },
    search: { id: 'Cari nama KIM', en: 'Search KIM name' },
    apply: { id: 'Terapkan', en: 'Apply' },
    name: { id: 'Nama KIM', en: 'KIM name' },
    village: { id: 'Desa', en: 'Village' },
    submitted: { id: 'Tanggal daftar', en: 'Submitted' },
    none: { id: 'Tidak ada pendaftaran yang cocok.', en: 'No registration matches.' },
    next: { id: 'Halaman berikutnya', en: 'Next page' },
    first: { id: 'Kembali ke halaman pertama', en: 'Back to the first page' },
    caption: { id: 'Pendaftaran', en: 'Registrations' },
  },
  reports: {
    title: { id: 'Laporan kegiatan', en: 'Activity reports' },
    count: {
      id: (count: string) => `Jumlah laporan: ${count}.`,
      en: (count: string) => `Reports: ${count}.`,
    },
    latest: { id: 'Terbaru:', en: 'Latest:' },
    photos: {
      id: (count: number) => `${count} foto`,
      en: (count: number) => `${count} photo${count === 1 ? '' : 's'}`,
    },
  },
  documents: {
    title: { id: 'Dokumen SK', en: 'SK documents' },
    none: {
      id: 'KIM ini belum mengunggah dokumen SK.',
      en: 'This KIM has not uploaded an SK document yet.',
    },
    term: { id: 'Masa bakti', en: 'Term of office' },
    current: { id: 'terbaru', en: 'latest' },
    sk: { id: 'Nomor dan tanggal SK', en: 'SK number and date' },
    file: { id: 'Berkas', en: 'File' },
    uploaded: { id: 'Diunggah', en: 'Uploaded' },
    open: { id: 'Buka', en: 'Open' },
    types: { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' },
  },
  detail: {
    title: { id: 'Pendaftaran KIM', en: 'KIM registration' },
    back: { id: 'Kembali ke antrean', en: 'Back to the queue' },
    facts: { id: 'Data pendaftaran', en: 'Registration details' },
    id: { id: 'Nomor pendaftaran', en: 'Registration number' },
    status: { id: 'Status', en: 'Status' },
    village: { id: 'Desa', en: 'Village' },
    skNumber: { id: 'Nomor SK', en: 'SK number' },
    skDate: { id: 'Tanggal SK', en: 'SK date' },
    term: { id: 'Masa bakti', en: 'Term of office' },
    noTerm: { id: 'Belum ada SK yang diunggah', en: 'No SK uploaded yet' },
    memberCount: { id: 'Jumlah anggota', en: 'Members' },
    focusAreas: { id: 'Bidang', en: 'Focus areas' },
    media: { id: 'Media', en: 'Media' },
    contact: { id: 'Kontak', en: 'Contact' },
    officers: { id: 'Pengurus', en: 'Officers' },
    officerRole: { id: 'Jabatan', en: 'Role' },
    officerName: { id: 'Nama', en: 'Name' },
    officerPhone: { id: 'Telepon', en: 'Phone' },
    submitted: { id: 'Tanggal daftar', en: 'Submitted' },
    rejectionReason: { id: 'Alasan penolakan', en: 'Reason for rejection' },
    deactivationReason: { id: 'Alasan penonaktifan', en: 'Reason for deactivation' },
    history: { id: 'Riwayat', en: 'History' },
    when: { id: 'Waktu', en: 'When' },
    who: { id: 'Oleh', en: 'By' },
    what: { id: 'Tindakan', en: 'Action' },
    why: { id: 'Alasan', en: 'Reason' },
    changedFields: { id: 'Diubah', en: 'Changed' },
    public: { id: 'KIM (publik)', en: 'The KIM (public)' },
    sameVillage: { id: 'Pendaftaran lain di desa yang sama', en: 'Other registrations of the same village' },
    noneInVillage: {
      id: 'Tidak ada pendaftaran lain di desa ini.',
      en: 'No other registration in this village.',
    },
    actionsTitle: { id: 'Tindakan', en: 'Actions' },
    noAction: {
      id: 'Tidak ada tindakan untuk pendaftaran dengan status ini.',
      en: 'There is no action for a registration with this status.',
    },
    verify: { id: 'Verifikasi', en: 'Verify' },
    reject: { id: 'Tolak', en: 'Reject' },
    deactivate: { id: 'Nonaktifkan', en: 'Deactivate' },
    rejectTitle: { id: 'Tolak pendaftaran', en: 'Reject the registration' },
    deactivateTitle: { id: 'Nonaktifkan KIM', en: 'Deactivate the KIM' },
    commonReason: { id: 'Alasan umum', en: 'Common reason' },
    chooseReason: {
      id: 'Pilih alasan, atau tulis sendiri di bawah',
      en: 'Pick a reason, or write one below',
    },
    reason: { id: 'Alasan (10–1000 karakter)', en: 'Reason (10–1000 characters)' },
    reasonHint: {
      id: 'KIM akan membaca alasan ini di halaman statusnya. Tanpa data pribadi.',
      en: 'The KIM reads this reason on its status page. No personal data.',
    },
    done: {
      VERIFY: { id: 'Pendaftaran diverifikasi.', en: 'The registration is verified.' },
      REJECT: { id: 'Pendaftaran ditolak.', en: 'The registration is rejected.' },
      DEACTIVATE: { id: 'KIM dinonaktifkan.', en: 'The KIM is deactivated.' },
    },
    changedTitle: { id: 'Pendaftaran ini sudah berubah', en: 'This registration has changed' },
    changedBody: {
      id: 'Tindakan Anda tidak dijalankan, karena orang lain mengubah pendaftaran ini lebih dulu. Periksa keadaannya sekarang:',
      en: 'Your action was not carried out, because someone else changed this registration first. Check where it stands now:',
    },
    changedBy: { id: 'Perubahan terakhir', en: 'Latest change' },
    errorPrefix: { id: 'Kesalahan:', en: 'Error:' },
    errorSummary: { id: 'Ada yang perlu diperbaiki', en: 'There is a problem' },
  },
  reasons: [
    {
      id: 'Nomor atau tanggal SK tidak sesuai dengan dokumen SK desa.',
      en: "The SK number or date does not match the village's decree.",
    },
    {
      id: 'Pengurus yang didaftarkan tidak sesuai dengan SK pembentukan KIM.',
      en: 'The officers registered do not match the decree that formed the KIM.',
    },
    {
      id: 'Kontak KIM tidak dapat dihubungi untuk konfirmasi.',
      en: 'The KIM could not be reached at its contact for confirmation.',
    },
    {
      id: 'Desa ini sudah memiliki KIM lain yang terdaftar dengan SK yang sama.',
      en: 'This village already has another KIM registered with the same decree.',
    },
  ] satisfies Text[],
  exports: {
    title: { id: 'Ekspor data', en: 'Export data' },
    intro: {
      id: 'Unduh pendaftaran KIM atau cakupan desa di wilayah Anda sebagai CSV atau Excel (XLSX).',
      en: 'Download the KIM registrations or the village coverage of your region as CSV or Excel (XLSX).',
    },
    registrations: { id: 'Pendaftaran KIM', en: 'KIM registrations' },
    coverage: { id: 'Cakupan per desa', en: 'Coverage per village' },
    filter: { id: 'Status', en: 'Status' },
    format: { id: 'Format', en: 'Format' },
    download: { id: 'Unduh', en: 'Download' },
    all: { id: 'Semua', en: 'All' },
    active: { id: 'Aktif (terverifikasi)', en: 'Active (verified)' },
    pending: { id: 'Menunggu verifikasi', en: 'Pending' },
    rejected: { id: 'Ditolak', en: 'Rejected' },
    inactive: { id: 'Nonaktif', en: 'Inactive' },
  },
  admin: {
    title: { id: 'Administrasi', en: 'Administration' },
    officers: { id: 'Petugas PPID', en: 'PPID officers' },
    officersIntro: {
      id: 'Petugas yang menerima email pendaftaran baru di wilayahnya.',
      en: 'Officers who are emailed about new registrations in their region.',
    },
    subscribers: { id: 'Penerima ringkasan cakupan', en: 'Coverage digest subscribers' },
    subscribersIntro: {
      id: 'Alamat yang menerima ringkasan cakupan mingguan sebuah kecamatan atau wilayah di atasnya.',
      en: 'Addresses that receive the weekly coverage digest of a district or a larger region.',
    },
    name: { id: 'Nama', en: 'Name' },
    email: { id: 'Email', en: 'Email' },
    region: { id: 'Kode wilayah', en: 'Region code' },
    active: { id: 'Aktif', en: 'Active' },
    yes: { id: 'Ya', en: 'Yes' },
    no: { id: 'Tidak', en: 'No' },
    undeliverable: { id: 'Email tidak terkirim', en: 'Email undeliverable' },
    add: { id: 'Tambah', en: 'Add' },
    addOfficer: { id: 'Tambah petugas', en: 'Add an officer' },
    addSubscriber: { id: 'Tambah penerima', en: 'Add a subscriber' },
    remove: { id: 'Hapus', en: 'Remove' },
    none: { id: 'Belum ada.', en: 'None yet.' },
    more: {
      id: 'Hanya 100 yang pertama ditampilkan.',
      en: 'Only the first 100 are shown.',
    },
    digestTitle: { id: 'Kirim ringkasan sekarang', en: 'Send the digest now' },
    digestIntro: {
      id: 'Mengirim ringkasan cakupan ke semua penerima sekarang, di luar jadwal mingguan.',
      en: 'Sends the coverage digest to every subscriber now, outside the weekly schedule.',
    },
    digestSend: { id: 'Kirim sekarang', en: 'Send now' },
    digestDone: { id: 'Ringkasan terkirim', en: 'Digest sent' },
    digestFailed: {
      id: 'Sebagian ringkasan gagal dikirim; kirim ulang nanti.',
      en: 'Some digests could not be sent; send again later.',
    },
    digestRegion: { id: 'Wilayah', en: 'Region' },
    digestSubscribers: { id: 'Penerima', en: 'Subscribers' },
    digestSent: { id: 'Terkirim', en: 'Sent' },
    digestSkipped: { id: 'Sudah terkirim', en: 'Already sent' },
    digestRefused: { id: 'Ditolak', en: 'Refused' },
    digestFailedCount: { id: 'Gagal', en: 'Failed' },
    rebuildTitle: { id: 'Hitung ulang cakupan', en: 'Rebuild coverage' },
    rebuildIntro: {
      id: 'Menghitung ulang penghitung cakupan dari pendaftaran, memperbaiki selisih, dan melaporkannya.',
      en: 'Recounts the coverage counters from the registrations, repairs any drift and reports it.',
    },
    rebuildRegion: {
      id: 'Kode kecamatan atau wilayah di atasnya (kosong: seluruh wilayah layanan)',
      en: 'District or larger region code (empty: the whole deployment area)',
    },
    rebuildRun: { id: 'Hitung ulang', en: 'Rebuild' },
    rebuildReport: { id: 'Laporan hitung ulang', en: 'Rebuild report' },
    rebuildChecked: { id: 'Wilayah diperiksa', en: 'Regions checked' },
    rebuildDrifted: { id: 'Wilayah dengan selisih', en: 'Regions with drift' },
    rebuildCounted: { id: 'Pendaftaran dihitung', en: 'Registrations counted' },
    rebuildInFlight: {
      id: 'Pendaftaran yang baru berubah (diserahkan ke proses biasa)',
      en: 'Registrations changed just now (left to the pipeline)',
    },
    rebuildNoDrift: { id: 'Tidak ada selisih.', en: 'No drift.' },
    rebuildCode: { id: 'Wilayah', en: 'Region' },
    rebuildDrift: { id: 'Selisih yang diperbaiki', en: 'Drift repaired' },
    saved: { id: 'Tersimpan.', en: 'Saved.' },
    removed: { id: 'Dihapus.', en: 'Removed.' },
  },
  signIn: {
    signedOutTitle: { id: 'Anda sudah keluar', en: 'You are signed out' },
    signedOutBody: {
      id: 'Sesi konsol Anda sudah diakhiri di perangkat ini.',
      en: 'Your console session on this device has ended.',
    },
    signInAgain: { id: 'Masuk lagi', en: 'Sign in again' },
    failedTitle: { id: 'Belum berhasil masuk', en: 'Sign-in did not complete' },
    failedBody: {
      id: 'Proses masuk tidak selesai atau sudah kedaluwarsa. Silakan coba lagi.',
      en: 'The sign-in did not complete or has expired. Please try again.',
    },
  },
  errors: {
    notFoundTitle: { id: 'Tidak ditemukan', en: 'Not found' },
    refusedTitle: { id: 'Permintaan tidak dapat diproses', en: 'The request could not be processed' },
    serverTitle: { id: 'Terjadi kesalahan', en: 'Something went wrong' },
    serverBody: {
      id: 'Maaf, terjadi kesalahan di server. Silakan coba lagi sebentar lagi.',
      en: 'Sorry, something went wrong on the server. Please try again shortly.',
    },
    requestId: { id: 'Nomor permintaan', en: 'Request id' },
    home: { id: 'Ke antrean', en: 'To the queue' },
  },
} as const;

/** The reader of one language: `t(messages.queue.title)`. */
export const text =
  (lang: Language) =>
  (message: Text): string =>
    message[lang];
