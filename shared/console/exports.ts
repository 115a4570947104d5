import type { SheetData } from 'write-excel-file/node';
import type { Principal } from '../auth/principal.js';
import { ValidationError } from '../platform/errors.js';
import { parentOf } from '../platform/region-codes.js';
import { type AdminQueryDeps, listRegistrations, PAGE_LIMIT } from '../registrations/admin-queries.js';
import type { RegistrationSummary } from '../registrations/ports.js';
import type { RegistrationStatus } from '../registrations/schema.js';
import type { CoverageSummary } from '../village-coverage/coverage.js';
import { type CoverageReadDeps, getCoverage } from '../village-coverage/coverage-reader.js';

/** The export's status filter, as the people who run KIM programmes name them. */
export const EXPORT_FILTERS = ['all', 'active', 'pending', 'rejected', 'inactive'] as const;
export type ExportFilter = (typeof EXPORT_FILTERS)[number];

const FILTER_STATUS: Readonly<Record<ExportFilter, RegistrationStatus | undefined>> = {
  all: undefined,
  active: 'VERIFIED',
  pending: 'SUBMITTED',
  rejected: 'REJECTED',
  inactive: 'DEACTIVATED',
};

/** Indonesian status words of the export (the columns are Indonesian, for the regency's spreadsheets). */
const STATUS_WORDS: Readonly<Record<RegistrationStatus, string>> = {
  SUBMITTED: 'Menunggu verifikasi',
  VERIFIED: 'Aktif (terverifikasi)',
  REJECTED: 'Ditolak',
  DEACTIVATED: 'Nonaktif',
};

/** A table to export: Indonesian headers and rows of text and numbers. */
export interface ExportTable {
  /** The file's name without extension, and the sheet's name. */
  readonly name: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

export const REGISTRATION_HEADERS = [
  'Nomor Pendaftaran',
  'Nama KIM',
  'Kode Desa',
  'Desa',
  'Kode Kecamatan',
  'Status',
  'Tanggal Daftar',
  'Terakhir Diubah',
] as const;

export const COVERAGE_HEADERS = [
  'Kode Desa',
  'Desa',
  'Kode Kecamatan',
  'Kecamatan',
  'KIM Terverifikasi',
  'KIM Menunggu Verifikasi',
  'KIM Ditolak',
  'KIM Nonaktif',
  'Tercakup',
] as const;

/** Listing pages one export reads at most (100 rows each): a regency has a few thousand KIM at most. */
const MAX_EXPORT_PAGES = 200;

/**
 * The registrations of the principal's region (or a region inside it), oldest first, filtered by
 * status, through the same listing use case as GET /admin/registrations: region indexes, never a
 * Scan, and a region outside the principal's is refused (403) there.
 */
export const registrationsTable = async (
  deps: AdminQueryDeps,
  principal: Principal,
  filter: ExportFilter,
  region: string | undefined,
): Promise<ExportTable> => {
  const status = FILTER_STATUS[filter];
  const rows: RegistrationSummary[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < MAX_EXPORT_PAGES; pages++) {
    const page = await listRegistrations(
      deps,
      principal,
      {
        ...(region === undefined ? {} : { region }),
        ...(status === undefined ? {} : { status }),
        limit: String(PAGE_LIMIT.max),
        ...(cursor === undefined ? {} : { cursor }),
      },
      { order: 'oldest' },
    );
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    if (cursor === undefined) break;
  }
  if (cursor !== undefined) {
    // Never a silently cut file: the export says so and asks for a narrower region.
    throw new ValidationError([
      {
        field: 'wilayah',
        message: `Lebih dari ${MAX_EXPORT_PAGES * Number(PAGE_LIMIT.max)} pendaftaran; pilih wilayah yang lebih sempit.`,
        messageEn: `More than ${MAX_EXPORT_PAGES * Number(PAGE_LIMIT.max)} registrations; choose a narrower region.`,
      },
    ]);
  }
  return {
    name: `kim-${region ?? principal.regionCode}-${filter}`,
    headers: REGISTRATION_HEADERS,
    rows: rows.map((item) => [
      item.id,
      item.name,
      item.villageCode,
      item.villageName,
      item.districtCode,
      STATUS_WORDS[item.status],
      item.submittedAt.slice(0, 10),
      item.updatedAt.slice(0, 10),
    ]),
  };
};

/**
 * Coverage per village of the principal's region: the coverage read use case on the region, then
 * on each of its districts, so the reads grow with the villages listed, not with the registrations.
 */
export const coverageTable = async (deps: CoverageReadDeps, principal: Principal): Promise<ExportTable> => {
  const villageRows: Array<{ village: CoverageSummary; districtCode: string; districtName: string }> = [];
  const walk = async (code: string): Promise<void> => {
    const view = await getCoverage(deps, code);
    if (view.level === 'village') {
      // A PPID officer of one village: its district's name is not read for one row.
      villageRows.push({ village: view, districtCode: parentOf(view.code) ?? '', districtName: '' });
      return;
    }
    if (view.level === 'district') {
      for (const village of view.children) {
        villageRows.push({ village, districtCode: view.code, districtName: view.name });
      }
      return;
    }
    for (const child of view.children) await walk(child.code);
  };
  await walk(principal.regionCode);
  return {
    name: `cakupan-${principal.regionCode}`,
    headers: COVERAGE_HEADERS,
    rows: villageRows.map(({ village, districtCode, districtName }) => [
      village.code,
      village.name,
      districtCode,
      districtName,
      village.kim.verified,
      village.kim.submitted,
      village.kim.rejected,
      village.kim.deactivated,
      village.villages.covered > 0 ? 'Ya' : 'Tidak',
    ]),
  };
};

const BOM = '\uFEFF';

/**
 * A CSV cell: quoted when RFC 4180 needs it, and text that a spreadsheet would take for a formula
 * (starting with `=`, `+`, `-`, `@`, tab or CR: the names are typed by the public) prefixed with `'`.
 */
const csvCell = (value: string | number): string => {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** RFC 4180 CSV, UTF-8 with a byte-order mark (so Excel shows non-ASCII names right), CRLF line ends. */
export const toCsv = (table: ExportTable): string =>
  `${BOM}${[table.headers, ...table.rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;

/**
 * An XLSX workbook of one sheet: a bold header row kept in view, text cells as text (never
 * formulas), numbers as numbers.
 */
export const toXlsx = async (table: ExportTable): Promise<Buffer> => {
  // Loaded on the first XLSX download: its zip library (fflate) builds its compression tables at
  // module load, about 10 ms of CPU that the export page and the CSV downloads do not need.
  const { default: writeXlsxFile } = await import('write-excel-file/node');
  const data: SheetData = [
    table.headers.map((header) => ({ value: header, fontWeight: 'bold' as const })),
    ...table.rows.map((row) =>
      row.map((value) => (typeof value === 'number' ? { value, type: Number } : { value, type: String })),
    ),
  ];
  return writeXlsxFile(data, {
    sheet: table.name.slice(0, 31),
    stickyRowsCount: 1,
    columns: table.headers.map((header) => ({ width: Math.max(12, header.length + 2) })),
  }).toBuffer();
};
