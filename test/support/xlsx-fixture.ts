import ExcelJS from 'exceljs';

export type FixtureCell = string | number | boolean | Date | null | { formula: string; result?: unknown };

/**
 * Writes a workbook the way another tool would: plain exceljs, no templates of ours, so tests hold
 * the parser to the forms contract rather than to our own writer.
 */
export async function writeFixtureWorkbook(path: string, sheets: { name: string; rows: FixtureCell[][] }[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name);
    sheet.rows.forEach((row, r) => {
      row.forEach((value, c) => {
        if (value === null) return;
        const cell = ws.getCell(r + 1, c + 1);
        cell.value = value as ExcelJS.CellValue;
      });
    });
  }
  await wb.xlsx.writeFile(path);
}

/** Reads one tab back from disk as plain values (formula cells as their result). */
export async function readTab(path: string, tab: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet(tab);
  if (!ws) throw new Error(`tab ${tab} not found in ${path}; tabs: ${wb.worksheets.map((w) => w.name).join(', ')}`);
  const rows: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, r) => {
    const values: unknown[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      const v = cell.value;
      values[c - 1] = v !== null && typeof v === 'object' && 'result' in v ? v.result : v;
    });
    rows[r - 1] = values;
  });
  return rows;
}

export async function tabNames(path: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb.worksheets.map((w) => w.name);
}
