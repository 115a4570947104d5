/**
 * Every string of the workspace's activity report pages (`/kelola/laporan`), in Indonesian and in
 * English; the rest of the workspace's strings are in messages.ts. The kinds of activity have
 * their labels in shared/activity-reports/report.ts.
 */
export const reportMessages = {
  nav: { id: 'Laporan kegiatan', en: 'Activity reports' },
  list: {
    title: { id: 'Laporan kegiatan', en: 'Activity reports' },
    lead: {
      id: 'Catat kegiatan KIM: penyebaran informasi, pelatihan, konten yang dibuat, kerja sama dengan PPID. Laporan tampil di profil publik KIM setelah KIM terverifikasi, dan dinilai dalam penghargaan KIM.',
      en: 'Record what the KIM does: spreading information, training, the content it makes, work with the PPID. Reports show on the KIM’s public profile once the KIM is verified, and count towards the KIM award.',
    },
    count: { id: 'Jumlah laporan', en: 'Number of reports' },
    none: { id: 'Belum ada laporan kegiatan.', en: 'No activity reports yet.' },
    create: { id: 'Buat laporan baru', en: 'Make a new report' },
    date: { id: 'Tanggal', en: 'Date' },
    type: { id: 'Jenis', en: 'Kind' },
    reportTitle: { id: 'Judul', en: 'Title' },
    photos: { id: 'Foto', en: 'Photos' },
    next: { id: 'Laporan lebih lama', en: 'Older reports' },
    first: { id: 'Kembali ke laporan terbaru', en: 'Back to the latest reports' },
    deleted: { id: 'Laporan telah dihapus.', en: 'The report has been deleted.' },
  },
  form: {
    title: { id: 'Laporan kegiatan baru', en: 'New activity report' },
    lead: {
      id: 'Isi semua kolom. Foto dapat ditambahkan setelah laporan disimpan.',
      en: 'Fill in every field. Photos can be added once the report is saved.',
    },
    date: { id: 'Tanggal kegiatan', en: 'Date of the activity' },
    dateHint: { id: 'Tidak boleh di masa depan', en: 'Not in the future' },
    type: { id: 'Jenis kegiatan', en: 'Kind of activity' },
    typeChoose: { id: 'Pilih jenis kegiatan', en: 'Choose the kind of activity' },
    reportTitle: { id: 'Judul', en: 'Title' },
    reportTitleHint: { id: '3–150 karakter, satu baris', en: '3–150 characters, one line' },
    description: { id: 'Uraian kegiatan', en: 'Description' },
    descriptionHint: {
      id: 'Apa yang dilakukan, untuk siapa, dan hasilnya. Paling banyak 4.000 karakter.',
      en: 'What was done, for whom, and what came of it. At most 4,000 characters.',
    },
    participants: { id: 'Jumlah peserta', en: 'Number of participants' },
    participantsHint: { id: 'Bilangan bulat 0–10.000', en: 'A whole number, 0–10,000' },
    participantsMissing: { id: 'Isi jumlah peserta.', en: 'Enter the number of participants.' },
    links: { id: 'Tautan produk informasi (tidak wajib)', en: 'Links to information products (optional)' },
    linksHint: {
      id: 'Artikel, video, unggahan media sosial: satu tautan http(s) per baris, paling banyak 10.',
      en: 'Articles, videos, social posts: one http(s) link per line, at most 10.',
    },
    linkNumber: { id: 'Tautan ke-{n}:', en: 'Link {n}:' },
    submit: { id: 'Simpan laporan', en: 'Save the report' },
    keyReused: {
      id: 'Formulir ini sudah pernah dikirim dengan isi lain. Periksa daftar laporan; jika ini laporan baru, kirim sekali lagi.',
      en: 'This form was already sent with other content. Check the list of reports; if this is a new report, send it once more.',
    },
  },
  report: {
    created: { id: 'Laporan telah disimpan.', en: 'The report has been saved.' },
    photoAdded: {
      id: 'Foto telah diperiksa dan disimpan tanpa data EXIF dan lokasi.',
      en: 'The photo has been checked and kept without its EXIF and location data.',
    },
    participants: { id: 'Peserta', en: 'Participants' },
    links: { id: 'Tautan', en: 'Links' },
    noLinks: { id: 'Tidak ada tautan.', en: 'No links.' },
    createdAt: { id: 'Dibuat', en: 'Made' },
    photosHeading: { id: 'Foto', en: 'Photos' },
    photosCount: { id: '{n} dari 5 foto', en: '{n} of 5 photos' },
    photoAlt: { id: 'Foto {n} kegiatan {title}', en: 'Photo {n} of the activity {title}' },
    photosPublicOnly: {
      id: 'Foto tampil di profil publik setelah KIM terverifikasi.',
      en: 'Photos show on the public profile once the KIM is verified.',
    },
    photoFile: { id: 'Tambah foto', en: 'Add a photo' },
    photoHint: {
      id: 'JPEG atau PNG, paling besar 2 MB. Data EXIF dan lokasi dihapus sebelum disimpan.',
      en: 'JPEG or PNG, at most 2 MB. EXIF and location data are removed before it is kept.',
    },
    photoSubmit: { id: 'Unggah foto', en: 'Upload the photo' },
    photoMissing: { id: 'Pilih berkas foto.', en: 'Choose the photo file.' },
    photosFull: {
      id: 'Laporan ini sudah berisi 5 foto, batas terbanyak.',
      en: 'This report already has 5 photos, the most allowed.',
    },
    needsScript: {
      id: 'Mengunggah foto membutuhkan JavaScript: berkas dikirim langsung dari peramban ke penyimpanan. Aktifkan JavaScript, lalu muat ulang halaman ini.',
      en: 'Uploading a photo needs JavaScript: the file goes straight from the browser to the store. Turn JavaScript on, then reload this page.',
    },
    uploadFailed: {
      id: 'Foto tidak dapat dikirim ke penyimpanan. Periksa koneksi, lalu coba lagi.',
      en: 'The photo could not be sent to the store. Check the connection, then try again.',
    },
    back: { id: 'Kembali ke daftar laporan', en: 'Back to the list of reports' },
    delete: { id: 'Hapus laporan ini', en: 'Delete this report' },
  },
  remove: {
    title: { id: 'Hapus laporan kegiatan?', en: 'Delete the activity report?' },
    lead: {
      id: 'Laporan ini dan semua fotonya akan dihapus, juga dari profil publik. Tindakan ini tidak dapat dibatalkan.',
      en: 'This report and all its photos will be deleted, from the public profile too. This cannot be undone.',
    },
    confirm: { id: 'Ya, hapus laporan', en: 'Yes, delete the report' },
    cancel: { id: 'Batal', en: 'Cancel' },
  },
} as const;

/** A message with `{name}` placeholders filled in. */
export const fill = (template: string, values: Readonly<Record<string, string | number>>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
