import { describe, expect, it } from 'vitest';
import { checkPdfStructure, sniffType } from '../../../shared/documents/file-check.js';
import { jpegLike, minimalPdf, minimalPng } from '../../fixtures/documents.js';

describe('sniffType', () => {
  it('tells PDF, JPEG and PNG apart by their bytes', () => {
    expect(sniffType(minimalPdf())).toBe('application/pdf');
    expect(sniffType(jpegLike())).toBe('image/jpeg');
    expect(sniffType(minimalPng())).toBe('image/png');
  });

  it('knows no other content, whatever it claims to be', () => {
    expect(sniffType(Buffer.from('GIF89a'))).toBeUndefined();
    expect(sniffType(Buffer.from('PK\x03\x04 a zip or docx'))).toBeUndefined();
    expect(sniffType(Buffer.from('<html>%PDF-1.4</html>'))).toBeUndefined();
    expect(sniffType(new Uint8Array())).toBeUndefined();
    // A PNG signature without its IHDR chunk is no PNG.
    expect(sniffType(minimalPng().subarray(0, 8))).toBeUndefined();
  });
});

describe('checkPdfStructure', () => {
  it('accepts a well-formed PDF', () => {
    expect(checkPdfStructure(minimalPdf())).toBeUndefined();
  });

  it('accepts trailing bytes after %%EOF, as readers do', () => {
    expect(checkPdfStructure(Buffer.concat([minimalPdf(), Buffer.from('\r\n\0\0')]))).toBeUndefined();
  });

  it.each([
    ['a PNG renamed .pdf', minimalPng(), /kepala PDF/],
    ['text with a PDF header only', Buffer.from('%PDF-1.4\nhello\n'), /%%EOF/],
    ['a PDF cut short', minimalPdf().subarray(0, 200), /%%EOF/],
    [
      'an unknown version',
      Buffer.from(minimalPdf().toString('latin1').replace('%PDF-1.4', '%PDF-9.9'), 'latin1'),
      /kepala PDF/,
    ],
  ])('refuses %s', (_, bytes, message) => {
    expect(checkPdfStructure(bytes)?.message).toMatch(message);
  });

  it('refuses a startxref that points outside the file or at no cross-reference section', () => {
    const pdf = minimalPdf().toString('latin1');
    const outside = pdf.replace(/startxref\n\d+/, 'startxref\n999999');
    const elsewhere = pdf.replace(/startxref\n\d+/, 'startxref\n20');
    expect(checkPdfStructure(Buffer.from(outside, 'latin1'))?.messageEn).toMatch(/startxref\) is invalid/);
    expect(checkPdfStructure(Buffer.from(elsewhere, 'latin1'))?.messageEn).toMatch(
      /no cross-reference section/,
    );
  });

  it('refuses a PDF without a document catalogue', () => {
    const pdf = minimalPdf().toString('latin1').replace('/Root 1 0 R', '/Info 1 0 R');
    expect(checkPdfStructure(Buffer.from(pdf, 'latin1'))?.messageEn).toMatch(/catalogue \(\/Root\)/);
  });
});
