import type { Language, Text } from '../platform/web/language.js';
import type {
  FOCUS_AREAS,
  MEDIA_TYPES,
  OFFICER_ROLES,
  REGISTRATION_STATUSES,
} from '../registrations/schema.js';

/*
 * Every string of the public pages, in Indonesian and in English: one table, one export per
 * section, read as `import * as messages from './messages.js'` and `text(lang)(messages.nav.home)`.
 * Nothing on a page is written anywhere else. Sections are separate exports so a page function
 * bundles only the sections its pages use.
 */

export const site = {
  name: { id: 'Registri KIM', en: 'KIM Registry' },
  description: {
    id: 'Pendaftaran dan cakupan Kelompok Informasi Masyarakat (KIM) per desa.',
    en: 'Registration and village coverage of community information groups (KIM).',
  },
};

export const nav = {
  home: { id: 'Beranda', en: 'Home' },
  register: { id: 'Daftarkan KIM', en: 'Register a KIM' },
  coverage: { id: 'Cakupan', en: 'Coverage' },
  directory: { id: 'Direktori KIM', en: 'KIM directory' },
};

export const home = {
  title: { id: 'Setiap desa punya KIM', en: 'A KIM in every village' },
  intro: {
    id: 'Kelompok Informasi Masyarakat (KIM) menyebarkan informasi publik di desanya. Tujuan kita: satu KIM terverifikasi di setiap desa.',
    en: 'A community information group (KIM) brings public information to its village. The goal: a verified KIM in every village.',
  },
  progressLabel: { id: 'Desa dengan KIM terverifikasi', en: 'Villages with a verified KIM' },
  of: { id: 'dari', en: 'of' },
  haveKim: { id: 'desa sudah punya KIM terverifikasi.', en: 'villages have a verified KIM.' },
  pending: {
    id: 'desa lagi punya KIM yang sedang menunggu verifikasi.',
    en: 'more villages have a KIM waiting for verification.',
  },
  registerCta: { id: 'Daftarkan KIM desa Anda', en: "Register your village's KIM" },
  coverageCta: { id: 'Lihat cakupan per kecamatan', en: 'See coverage by district' },
  directoryCta: { id: 'Cari KIM', en: 'Find a KIM' },
};

export const coverage = {
  title: { id: 'Cakupan KIM', en: 'KIM coverage' },
  childrenHeading: { id: 'Per wilayah', en: 'By region' },
  chartTitle: { id: 'Desa dengan KIM per wilayah', en: 'Villages with a KIM by region' },
  region: { id: 'Wilayah', en: 'Region' },
  villages: { id: 'Desa', en: 'Villages' },
  covered: { id: 'Punya KIM', en: 'With KIM' },
  pendingOnly: { id: 'Menunggu', en: 'Pending' },
  percent: { id: 'Cakupan', en: 'Coverage' },
  legendCovered: { id: 'KIM terverifikasi', en: 'Verified KIM' },
  legendPending: { id: 'hanya KIM yang menunggu verifikasi', en: 'only a KIM awaiting verification' },
  missingHeading: { id: 'Desa yang belum punya KIM terverifikasi', en: 'Villages without a verified KIM' },
  missingNone: {
    id: 'Semua desa di wilayah ini sudah punya KIM terverifikasi.',
    en: 'Every village in this region has a verified KIM.',
  },
  missingEmptyPage: {
    id: 'Tidak ada desa di halaman ini; lanjutkan ke halaman berikutnya.',
    en: 'No villages on this page; go on to the next page.',
  },
  village: { id: 'Desa', en: 'Village' },
  district: { id: 'Kecamatan', en: 'District' },
  status: { id: 'Keadaan', en: 'State' },
  pendingTag: { id: 'Menunggu', en: 'Pending' },
  noKim: { id: 'Belum ada KIM', en: 'No KIM yet' },
  nextPage: { id: 'Halaman berikutnya', en: 'Next page' },
  firstPage: { id: 'Kembali ke halaman pertama', en: 'Back to the first page' },
  up: { id: 'Naik ke', en: 'Up to' },
  /** Followed by a number: verified KIM of the region whose current term ended. */
  expiredTerms: {
    id: 'KIM terverifikasi yang masa baktinya sudah berakhir',
    en: 'Verified KIM whose term of office has ended',
  },
  apiNote: {
    id: 'Angka yang sama tersedia sebagai JSON di',
    en: 'The same numbers are available as JSON at',
  },
};

export const levels = {
  country: { id: 'Negara', en: 'Country' },
  province: { id: 'Provinsi', en: 'Province' },
  regency: { id: 'Kabupaten/Kota', en: 'Regency/City' },
  district: { id: 'Kecamatan', en: 'District' },
  village: { id: 'Desa/Kelurahan', en: 'Village' },
};

export const directory = {
  title: { id: 'Direktori KIM', en: 'KIM directory' },
  intro: {
    id: 'KIM yang sudah diverifikasi oleh petugas PPID, terbaru lebih dulu.',
    en: 'KIM verified by PPID officers, newest first.',
  },
  filterLabel: { id: 'Kecamatan', en: 'District' },
  allDistricts: { id: 'Semua kecamatan', en: 'All districts' },
  filterButton: { id: 'Tampilkan', en: 'Show' },
  none: { id: 'Belum ada KIM terverifikasi di sini.', en: 'No verified KIM here yet.' },
  nextPage: { id: 'Halaman berikutnya', en: 'Next page' },
  firstPage: { id: 'Kembali ke halaman pertama', en: 'Back to the first page' },
  /** Followed by the last day of the KIM's current term, when that day has passed. */
  termEnded: { id: 'Masa bakti berakhir', en: 'Term ended' },
};

export const profile = {
  village: { id: 'Desa', en: 'Village' },
  district: { id: 'Kecamatan', en: 'District' },
  focusAreas: { id: 'Bidang', en: 'Focus areas' },
  media: { id: 'Media', en: 'Media' },
  memberCount: { id: 'Jumlah anggota', en: 'Members' },
  noMedia: { id: 'Belum ada media.', en: 'No media yet.' },
  verifiedSince: { id: 'Terverifikasi sejak', en: 'Verified since' },
  term: { id: 'Masa bakti', en: 'Term of office' },
  termEnded: { id: 'Masa bakti berakhir', en: 'Term ended' },
  backToDirectory: { id: 'Kembali ke direktori', en: 'Back to the directory' },
};

/** The activity reports on a public profile. */
export const reports = {
  heading: { id: 'Laporan kegiatan', en: 'Activity reports' },
  none: { id: 'Belum ada laporan kegiatan.', en: 'No activity reports yet.' },
  latest: {
    id: (shown: string, total: string) => `${shown} laporan terbaru dari ${total}.`,
    en: (shown: string, total: string) => `The latest ${shown} of ${total} reports.`,
  },
  total: {
    id: (total: string) => `${total} laporan.`,
    en: (total: string) => `${total} reports.`,
  },
  participants: { id: 'Peserta', en: 'Participants' },
  links: { id: 'Tautan', en: 'Links' },
  photoAlt: {
    id: (n: number, title: string) => `Foto ${n} kegiatan «${title}»`,
    en: (n: number, title: string) => `Photo ${n} of the activity “${title}”`,
  },
};

export const status = {
  title: { id: 'Status pendaftaran', en: 'Registration status' },
  kimName: { id: 'Nama KIM', en: 'KIM name' },
  village: { id: 'Desa', en: 'Village' },
  status: { id: 'Status', en: 'Status' },
  reason: { id: 'Alasan', en: 'Reason' },
  submittedAt: { id: 'Diajukan pada', en: 'Submitted on' },
  updatedAt: { id: 'Terakhir diubah', en: 'Last changed' },
  explain: {
    SUBMITTED: {
      id: 'Pendaftaran sudah diterima dan menunggu verifikasi petugas PPID.',
      en: 'The registration was received and waits for a PPID officer to verify it.',
    },
    VERIFIED: {
      id: 'KIM ini sudah diverifikasi dan tampil di direktori.',
      en: 'This KIM is verified and listed in the directory.',
    },
    REJECTED: {
      id: 'Pendaftaran ditolak. Perbaiki lewat tautan perbaikan yang Anda terima saat mendaftar.',
      en: 'The registration was rejected. Correct it through the correction link you received when registering.',
    },
    DEACTIVATED: {
      id: 'KIM ini sudah dinonaktifkan dan tidak lagi tampil di direktori.',
      en: 'This KIM was deactivated and is no longer listed in the directory.',
    },
  } satisfies Record<(typeof REGISTRATION_STATUSES)[number], Text>,
  profileLink: { id: 'Lihat profil KIM', en: 'See the KIM profile' },
};

export const statuses = {
  SUBMITTED: { id: 'Diajukan', en: 'Submitted' },
  VERIFIED: { id: 'Terverifikasi', en: 'Verified' },
  REJECTED: { id: 'Ditolak', en: 'Rejected' },
  DEACTIVATED: { id: 'Dinonaktifkan', en: 'Deactivated' },
} satisfies Record<(typeof REGISTRATION_STATUSES)[number], Text>;

export const focusAreas = {
  PERTANIAN: { id: 'Pertanian', en: 'Agriculture' },
  PERIKANAN: { id: 'Perikanan', en: 'Fisheries' },
  PETERNAKAN: { id: 'Peternakan', en: 'Livestock' },
  PARIWISATA: { id: 'Pariwisata', en: 'Tourism' },
  UMKM: { id: 'UMKM', en: 'Small businesses (UMKM)' },
  KESEHATAN: { id: 'Kesehatan', en: 'Health' },
  PENDIDIKAN: { id: 'Pendidikan', en: 'Education' },
  BUDAYA: { id: 'Budaya', en: 'Culture' },
  LINGKUNGAN: { id: 'Lingkungan', en: 'Environment' },
  TEKNOLOGI: { id: 'Teknologi', en: 'Technology' },
  KEBENCANAAN: { id: 'Kebencanaan', en: 'Disaster preparedness' },
  SOSIAL: { id: 'Sosial', en: 'Social affairs' },
  LAINNYA: { id: 'Lainnya', en: 'Other' },
} satisfies Record<(typeof FOCUS_AREAS)[number], Text>;

export const mediaTypes = {
  WEBSITE: { id: 'Situs web', en: 'Website' },
  FACEBOOK: { id: 'Facebook', en: 'Facebook' },
  INSTAGRAM: { id: 'Instagram', en: 'Instagram' },
  YOUTUBE: { id: 'YouTube', en: 'YouTube' },
  TIKTOK: { id: 'TikTok', en: 'TikTok' },
  X: { id: 'X', en: 'X' },
  WHATSAPP: { id: 'WhatsApp', en: 'WhatsApp' },
  TELEGRAM: { id: 'Telegram', en: 'Telegram' },
  LAINNYA: { id: 'Lainnya', en: 'Other' },
} satisfies Record<(typeof MEDIA_TYPES)[number], Text>;

export const errors = {
  notFoundTitle: { id: 'Halaman tidak ditemukan', en: 'Page not found' },
  badRequestTitle: { id: 'Permintaan tidak valid', en: 'Invalid request' },
  serverTitle: { id: 'Maaf, terjadi kesalahan', en: 'Sorry, something went wrong' },
  serverBody: {
    id: 'Terjadi kesalahan pada server. Silakan coba lagi sebentar lagi.',
    en: 'The server failed. Please try again in a moment.',
  },
  requestId: { id: 'Kode permintaan', en: 'Request id' },
  home: { id: 'Ke beranda', en: 'Go to the home page' },
};

export const form = {
  title: { id: 'Daftarkan KIM', en: 'Register a KIM' },
  intro: {
    id: 'Isi formulir ini untuk mendaftarkan KIM desa Anda. Petugas PPID akan memverifikasinya.',
    en: "Fill in this form to register your village's KIM. A PPID officer will verify it.",
  },
  errorSummaryTitle: { id: 'Ada isian yang perlu diperbaiki', en: 'There is a problem' },
  errorPrefix: { id: 'Kesalahan:', en: 'Error:' },
  titleErrorPrefix: { id: 'Kesalahan', en: 'Error' },
  optional: { id: '(opsional)', en: '(optional)' },
  kimHeading: { id: 'Tentang KIM', en: 'About the KIM' },
  name: { id: 'Nama KIM', en: 'Name of the KIM' },
  nameHint: { id: 'Contoh: KIM Dajan Peken Informatif', en: 'For example: KIM Dajan Peken Informatif' },
  village: { id: 'Desa/kelurahan', en: 'Village' },
  villageHint: {
    id: 'Desa tempat KIM berada; daftar desa dikelompokkan per kecamatan.',
    en: 'The village of the KIM; villages are grouped by district.',
  },
  villagePlaceholder: { id: '— Pilih desa —', en: '— Choose a village —' },
  areaLabel: { id: 'Wilayah', en: 'Area' },
  areaHint: {
    id: 'Pilih dulu wilayahnya, lalu desanya. Pilih wilayah sebelum mengisi formulir.',
    en: 'First choose the area, then the village. Choose the area before filling in the form.',
  },
  areaButton: { id: 'Tampilkan desa', en: 'Show villages' },
  areaShown: { id: 'Desa di', en: 'Villages in' },
  skHeading: { id: 'Surat Keputusan (SK) pembentukan', en: 'Founding decree (SK)' },
  skNumber: { id: 'Nomor SK', en: 'SK number' },
  skNumberHint: { id: 'Contoh: 141/12/DP/2025', en: 'For example: 141/12/DP/2025' },
  skDate: { id: 'Tanggal SK', en: 'SK date' },
  officersHeading: { id: 'Pengurus', en: 'Officers' },
  officersHint: {
    id: 'Ketua, sekretaris, dan bendahara wajib ada, masing-masing satu. Tambahkan pengurus lain bila ada.',
    en: 'A chair, a secretary and a treasurer are required, one each. Add other officers if there are any.',
  },
  officer: { id: 'Pengurus', en: 'Officer' },
  role: { id: 'Jabatan', en: 'Role' },
  officerName: { id: 'Nama lengkap', en: 'Full name' },
  phone: { id: 'Nomor HP', en: 'Mobile number' },
  phoneHint: { id: 'Contoh: 081234567890', en: 'For example: 081234567890' },
  email: { id: 'Email', en: 'Email' },
  addOfficer: { id: 'Tambah baris pengurus', en: 'Add an officer row' },
  memberCount: { id: 'Jumlah anggota', en: 'Number of members' },
  memberCountHint: { id: 'Termasuk pengurus; 3 sampai 100.', en: 'Officers included; 3 to 100.' },
  focusAreas: { id: 'Bidang kegiatan', en: 'Focus areas' },
  focusAreasHint: { id: 'Pilih satu atau lebih.', en: 'Choose one or more.' },
  mediaHeading: { id: 'Media KIM', en: 'Media of the KIM' },
  mediaHint: {
    id: 'Situs web atau akun media sosial KIM, bila ada. Baris yang alamatnya kosong diabaikan.',
    en: 'Website or social media accounts of the KIM, if any. Rows without an address are ignored.',
  },
  mediaItem: { id: 'Media', en: 'Medium' },
  mediaType: { id: 'Jenis', en: 'Kind' },
  mediaUrl: { id: 'Alamat (URL)', en: 'Address (URL)' },
  mediaUrlHint: {
    id: 'Contoh: https://instagram.com/kimdesa',
    en: 'For example: https://instagram.com/kimdesa',
  },
  addMedia: { id: 'Tambah baris media', en: 'Add a media row' },
  contactHeading: { id: 'Kontak KIM', en: 'Contact of the KIM' },
  contactHint: {
    id: 'Hasil verifikasi dikirim ke email ini.',
    en: 'The outcome of the verification is sent to this email address.',
  },
  contactEmail: { id: 'Email KIM', en: 'Email of the KIM' },
  contactPhone: { id: 'Nomor HP KIM', en: 'Mobile number of the KIM' },
  submit: { id: 'Kirim pendaftaran', en: 'Send the registration' },
  rowAdded: {
    id: 'Baris baru sudah ditambahkan. Isiannya belum dikirim.',
    en: 'A new row was added. The form has not been sent yet.',
  },
  keyReused: {
    id: 'Formulir ini sudah pernah dikirim dengan isi lain. Periksa isiannya, lalu kirim lagi sebagai pendaftaran baru.',
    en: 'This form was already sent with other content. Check its fields, then send it again as a new registration.',
  },
  duplicateLink: { id: 'Lihat pendaftaran yang sudah ada', en: 'See the existing registration' },
};

export const officerRoles = {
  KETUA: { id: 'Ketua', en: 'Chair' },
  SEKRETARIS: { id: 'Sekretaris', en: 'Secretary' },
  BENDAHARA: { id: 'Bendahara', en: 'Treasurer' },
  WAKIL_KETUA: { id: 'Wakil ketua', en: 'Vice chair' },
  HUMAS: { id: 'Humas', en: 'Public relations' },
  KOORDINATOR_BIDANG: { id: 'Koordinator bidang', en: 'Field coordinator' },
  ANGGOTA: { id: 'Anggota', en: 'Member' },
} satisfies Record<(typeof OFFICER_ROLES)[number], Text>;

export const receipt = {
  title: { id: 'Pendaftaran terkirim', en: 'Registration sent' },
  lead: {
    id: 'Terima kasih. Pendaftaran KIM Anda sudah diterima dan menunggu verifikasi petugas PPID.',
    en: 'Thank you. Your KIM registration was received and waits for a PPID officer to verify it.',
  },
  id: { id: 'Nomor pendaftaran', en: 'Registration number' },
  kimName: { id: 'Nama KIM', en: 'KIM name' },
  village: { id: 'Desa', en: 'Village' },
  status: { id: 'Status', en: 'Status' },
  statusLink: { id: 'Ikuti status pendaftaran', en: 'Follow the registration status' },
  correctionHeading: { id: 'Tautan perbaikan: simpan sekarang', en: 'Correction link: keep it now' },
  correctionWarning: {
    id: 'Tautan ini hanya ditampilkan sekarang dan tidak dapat dikirim ulang. Salin dan simpan di tempat aman. Siapa pun yang memegangnya dapat mengubah pendaftaran ini, jadi jangan bagikan.',
    en: 'This link is shown only now and cannot be sent again. Copy it and keep it somewhere safe. Whoever holds it can change this registration, so do not share it.',
  },
  correctionUse: {
    id: 'Bila pendaftaran ditolak, buka tautan ini untuk memperbaikinya:',
    en: 'If the registration is rejected, open this link to correct it:',
  },
  correctionGone: {
    id: 'Tautan perbaikan hanya ditampilkan sesaat setelah mendaftar, di perangkat yang dipakai untuk mendaftar. Bila ditolak, pakai tautan yang sudah Anda simpan.',
    en: 'The correction link is shown only shortly after registering, on the device used to register. If the registration is rejected, use the link you kept.',
  },
  skHeading: { id: 'Unggah SK pembentukan sekarang', en: 'Upload the founding decree (SK) now' },
  skLead: {
    id: 'PPID memeriksa KIM berdasarkan SK pembentukannya. Anda dapat mengunggahnya sekarang di ruang kelola KIM, tanpa menunggu verifikasi.',
    en: 'The PPID checks a KIM on the strength of its founding decree. You can upload it now in the KIM workspace, without waiting for the review.',
  },
  skButton: { id: 'Buka ruang kelola dan unggah SK', en: 'Open the workspace and upload the SK' },
};

export const correction = {
  title: { id: 'Perbaiki pendaftaran', en: 'Correct the registration' },
  lead: {
    id: 'Pendaftaran ini ditolak. Perbaiki isiannya, lalu kirim lagi: pendaftaran akan diverifikasi ulang.',
    en: 'This registration was rejected. Correct its fields, then send it again: it will be verified again.',
  },
  reason: { id: 'Alasan penolakan', en: 'Reason for the rejection' },
  submit: { id: 'Kirim perbaikan', en: 'Send the correction' },
  notRejectedTitle: { id: 'Tidak ada yang perlu diperbaiki', en: 'Nothing to correct' },
  notRejected: {
    id: 'Hanya pendaftaran yang ditolak yang dapat diperbaiki. Status pendaftaran ini:',
    en: 'Only a rejected registration can be corrected. The status of this registration:',
  },
  statusLink: { id: 'Lihat status pendaftaran', en: 'See the registration status' },
};

/** The string of `entry` in `lang`: `text(lang)(messages.nav.home)`. */
export const text =
  (lang: Language) =>
  (entry: Text): string =>
    entry[lang];

export const awards = {
  indexTitle: { id: 'Penghargaan KIM', en: 'KIM awards' },
  indexIntro: {
    id: 'Hasil penghargaan KIM terbaik yang sudah diumumkan.',
    en: 'The published results of the best-KIM awards.',
  },
  indexNone: { id: 'Belum ada hasil penghargaan yang diumumkan.', en: 'No award results published yet.' },
  publishedOn: { id: 'Diumumkan', en: 'Published' },
  period: { id: 'Periode kegiatan', en: 'Activity period' },
  periodTo: { id: 's.d.', en: 'to' },
  winnersHeading: { id: 'Pemenang', en: 'Winners' },
  winnersNone: {
    id: 'Tidak ada peserta yang mendapat peringkat.',
    en: 'No entry was ranked.',
  },
  rankingHeading: { id: 'Peringkat dan nilai', en: 'Ranking and scores' },
  rankingCaption: {
    id: 'Nilai rata-rata juri per kriteria dan nilai akhir berbobot (0–100)',
    en: 'Jurors’ mean score per criterion and the weighted total (0–100)',
  },
  rank: { id: 'Peringkat', en: 'Rank' },
  kim: { id: 'KIM', en: 'KIM' },
  total: { id: 'Nilai akhir', en: 'Total' },
  unranked: { id: 'Tanpa peringkat', en: 'Unranked' },
  noScore: { id: 'tanpa nilai', en: 'no score' },
  profileOf: { id: 'Profil', en: 'Profile of' },
  criteriaHeading: { id: 'Kriteria dan bobot', en: 'Criteria and weights' },
  criterion: { id: 'Kriteria', en: 'Criterion' },
  weight: { id: 'Bobot', en: 'Weight' },
  rulesHeading: { id: 'Aturan penilaian', en: 'Scoring rules' },
  method: {
    id: 'Nilai akhir setiap KIM = jumlah (bobot × rata-rata nilai juri pada kriteria itu) ÷ 100. Juri yang memiliki konflik kepentingan dengan desa sebuah KIM tidak menilai KIM tersebut. Angka dibulatkan ke 2 desimal hanya untuk dibaca; peringkat dihitung dari nilai yang tepat.',
    en: 'Each KIM’s total = the sum of (weight × the jurors’ mean score on that criterion) ÷ 100. A juror with a conflict of interest with a KIM’s village does not score that KIM. Numbers are rounded to 2 decimals for reading only; the ranking uses the exact values.',
  },
  missingRule: {
    ALL_SCORES_REQUIRED: {
      id: 'Nilai yang tidak lengkap: semua juri harus menilai semua kriteria; KIM yang nilainya tidak lengkap tidak mendapat peringkat.',
      en: 'Missing scores: every juror must score every criterion; a KIM with missing scores gets no rank.',
    },
    MEAN_OF_SCORED: {
      id: 'Nilai yang tidak lengkap: rata-rata dihitung dari juri yang menilai, dan KIM tersebut ditandai "nilai tidak lengkap".',
      en: 'Missing scores: the mean is taken over the jurors who scored, and the KIM is marked "incomplete scores".',
    },
  },
  tieBreakIntro: {
    id: 'Nilai akhir yang sama ditentukan dengan aturan berikut, berurutan:',
    en: 'Equal totals are separated by these rules, in order:',
  },
  tieBreakNone: {
    id: 'Nilai akhir yang sama berbagi peringkat.',
    en: 'Equal totals share a rank.',
  },
  tieBreakRules: {
    HEAVIEST_CRITERION: {
      id: 'nilai lebih tinggi pada kriteria dengan bobot terbesar',
      en: 'the higher score on the heaviest criterion',
    },
    MORE_ACTIVITY_REPORTS: {
      id: 'lebih banyak laporan kegiatan dalam periode',
      en: 'more activity reports in the period',
    },
    EARLIER_ENTRY: { id: 'pendaftaran peserta lebih awal', en: 'the earlier entry' },
  },
  tieBrokenBy: { id: 'Nilai sama; ditentukan oleh', en: 'Tied; separated by' },
  tieShared: { id: 'Nilai sama; berbagi peringkat', en: 'Tied; rank shared' },
  incomplete: {
    id: 'Nilai tidak lengkap: {n} nilai juri tidak ada',
    en: 'Incomplete scores: {n} juror scores missing',
  },
  unrankedWhy: {
    id: 'Tanpa peringkat: {n} nilai juri tidak ada',
    en: 'Unranked: {n} juror scores missing',
  },
};
