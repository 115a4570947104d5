import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import type { ScoreSheetTables, SheetTable } from './score-sheet.js';

const sheetOf = (table: SheetTable) => {
  const data: SheetData = [
    table.headers.map((header) => ({ value: header, fontWeight: 'bold' as const })),
    ...table.rows.map((row) =>
      row.map((value) =>
        value === null ? null : typeof value === 'number' ? { value, type: Number } : { value, type: String },
      ),
    ),
  ];
  return {
    data,
    sheet: table.name.slice(0, 31),
    stickyRowsCount: 1,
    columns: table.headers.map((header) => ({ width: Math.min(40, Math.max(10, header.length + 2)) })),
  };
};

/** The score sheet as an XLSX workbook: scores, rules, ineligible entries; text is never a formula. */
export const scoreSheetXlsx = (tables: ScoreSheetTables): Promise<Buffer> =>
  writeXlsxFile([sheetOf(tables.scores), sheetOf(tables.rules), sheetOf(tables.ineligible)]).toBuffer();
