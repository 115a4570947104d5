/**
 * What a stored file is, judged by its bytes alone: neither its name nor the type its uploader
 * declared is trusted. PDF, JPEG and PNG are told apart by their signatures; a PDF must also hold
 * together as a PDF (see {@link checkPdfStructure}).
 */

export const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0): boolean =>
  bytes.length >= at + prefix.length && prefix.every((byte, index) => bytes[at + index] === byte);

const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));

/** The type the bytes are, by signature: a PDF header, a JPEG SOI marker, a PNG signature and IHDR. */
export const sniffType = (bytes: Uint8Array): DocumentType | undefined => {
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  // The first chunk of every PNG is IHDR (length 13).
  if (startsWith(bytes, PNG_SIGNATURE) && startsWith(bytes, [0, 0, 0, 13, ...ascii('IHDR')], 8)) {
    return 'image/png';
  }
  return undefined;
};

/** Why a PDF does not hold together, in Indonesian and English; undefined when it does. */
export interface PdfDefect {
  readonly message: string;
  readonly messageEn: string;
}

const latin1 = (bytes: Uint8Array, start: number, end: number): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, end - start)).toString('latin1');

/** How far from the end `%%EOF` may sit: readers accept trailing junk up to 1 KB. */
const EOF_WINDOW = 1024;

/**
 * A structural check of a PDF, as a reader starts to open one (ISO 32000-1 §7.5): a `%PDF-1.x` or
 * `%PDF-2.0` header; `%%EOF` near the end; the last `startxref` before it naming an offset inside
 * the file where a cross-reference table (`xref`) or a cross-reference stream (`n g obj`) begins;
 * and a document catalogue (`/Root`) in the trailer or that stream. It does not render the PDF:
 * it refuses what is not a PDF (a renamed image, a truncated upload, text with a PDF header), which
 * is what a reviewer would otherwise open. Ours rather than a library's: the maintained parsers
 * (pdf.js, pdf-lib) are several hundred KB bundled, more than this whole function may weigh.
 */
export const checkPdfStructure = (bytes: Uint8Array): PdfDefect | undefined => {
  const header = latin1(bytes, 0, Math.min(bytes.length, 16));
  if (!/^%PDF-(1\.[0-7]|2\.0)\s/.test(header)) {
    return {
      message: 'Berkas tidak diawali kepala PDF yang sah (%PDF-1.x).',
      messageEn: 'The file does not start with a valid PDF header (%PDF-1.x).',
    };
  }
  const tailStart = Math.max(0, bytes.length - EOF_WINDOW);
  const tail = latin1(bytes, tailStart, bytes.length);
  const eof = tail.lastIndexOf('%%EOF');
  if (eof < 0) {
    return {
      message: 'Berkas PDF terpotong: penanda akhir %%EOF tidak ada.',
      messageEn: 'The PDF is truncated: its %%EOF end marker is missing.',
    };
  }
  const startxref = /startxref\s+(\d+)\s*$/.exec(tail.slice(0, eof));
  const offset = startxref?.[1] === undefined ? Number.NaN : Number(startxref[1]);
  if (!Number.isSafeInteger(offset) || offset <= 0 || offset >= bytes.length) {
    return {
      message: 'Berkas PDF rusak: posisi tabel rujukan silang (startxref) tidak sah.',
      messageEn: 'The PDF is damaged: its cross-reference position (startxref) is invalid.',
    };
  }
  const atOffset = latin1(bytes, offset, Math.min(bytes.length, offset + 32));
  if (!/^(xref\s|\d+\s+\d+\s+obj\b)/.test(atOffset)) {
    return {
      message: 'Berkas PDF rusak: tidak ada tabel rujukan silang di posisi startxref.',
      messageEn: 'The PDF is damaged: there is no cross-reference section at its startxref position.',
    };
  }
  // The trailer (or the xref stream's dictionary) names the catalogue; it follows the xref section.
  const trailer = latin1(bytes, offset, bytes.length);
  if (!/\/Root\s+\d+\s+\d+\s+R/.test(trailer)) {
    return {
      message: 'Berkas PDF rusak: katalog dokumen (/Root) tidak ditemukan.',
      messageEn: 'The PDF is damaged: its document catalogue (/Root) is missing.',
    };
  }
  return undefined;
};
