/**
 * Every string of the workspace's award pages (`/kelola/penghargaan`), in Indonesian and in
 * English. The reasons a KIM is not eligible come from the award feature, in both languages.
 */
export const awardMessages = {
  nav: { id: 'Penghargaan', en: 'Award' },
  list: {
    title: { id: 'Penghargaan KIM terbaik', en: 'Best-KIM award' },
    lead: {
      id: 'Babak penghargaan yang menerima pendaftaran mandiri untuk wilayah KIM Anda dan masa pendaftarannya sedang dibuka.',
      en: 'Award rounds for your KIM’s region that take self-entries and whose entry window is open now.',
    },
    none: {
      id: 'Saat ini tidak ada babak penghargaan yang dapat Anda ikuti.',
      en: 'There is no award round you can enter at the moment.',
    },
    round: { id: 'Babak', en: 'Round' },
    period: { id: 'Periode kegiatan yang dinilai', en: 'Activity period judged' },
    entryWindow: { id: 'Masa pendaftaran', en: 'Entry window' },
    status: { id: 'Status pendaftaran', en: 'Entry status' },
    enter: { id: 'Daftar', en: 'Enter' },
    entered: { id: 'Pendaftaran diterima.', en: 'Your entry was received.' },
  },
  statuses: {
    none: { id: 'Belum terdaftar', en: 'Not entered' },
    self: { id: 'Terdaftar (pendaftaran mandiri)', en: 'Entered (self-entry)' },
    admin: { id: 'Didaftarkan oleh admin', en: 'Entered by the admins' },
    ineligible: { id: 'Terdaftar, tetapi tidak memenuhi syarat', en: 'Entered, but not eligible' },
  },
  form: {
    title: { id: 'Daftar ke babak penghargaan', en: 'Enter the award round' },
    lead: {
      id: 'Tulis pernyataan singkat mengapa KIM Anda layak dinilai. Pernyataan dibaca oleh juri dan tidak dapat diubah setelah dikirim. Syarat babak diperiksa saat Anda mendaftar.',
      en: 'Write a short statement of why your KIM deserves to be judged. The jurors read it, and it cannot be changed once sent. The round’s eligibility rules are checked when you enter.',
    },
    statement: { id: 'Pernyataan', en: 'Statement' },
    statementHint: {
      id: 'Antara {min} dan {max} karakter.',
      en: 'Between {min} and {max} characters.',
    },
    submit: { id: 'Kirim pendaftaran', en: 'Send the entry' },
    yourStatement: { id: 'Pernyataan Anda', en: 'Your statement' },
    back: { id: 'Kembali ke daftar babak', en: 'Back to the rounds' },
    ineligibleTitle: {
      id: 'KIM Anda tidak memenuhi syarat babak ini',
      en: 'Your KIM is not eligible for this round',
    },
    ineligibleLead: {
      id: 'Pendaftaran tidak disimpan. Alasannya:',
      en: 'The entry was not recorded. The reasons:',
    },
  },
} as const;
