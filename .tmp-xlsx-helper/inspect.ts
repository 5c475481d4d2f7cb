import ExcelJS from 'exceljs';
const wb = new ExcelJS.Workbook();
await wb.xlsx.readFile(process.argv[2] as string);
for (const ws of wb.worksheets) {
  const p = (ws as unknown as { sheetProtection: unknown }).sheetProtection;
  console.log(ws.name, ws.rowCount, ws.columnCount, JSON.stringify(ws.views), p ? 'protected' : '', ws.getCell('C5').dataValidation?.type ?? '');
  for (let r = 1; r <= Math.min(5, ws.rowCount); r++) console.log('  ', JSON.stringify(ws.getRow(r).values).slice(0, 250));
}
