import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
const t0 = performance.now();
const wb = new ExcelJS.Workbook();
await wb.xlsx.load(await readFile('/tmp/xl-exp/synth/config.xlsx'));
console.log('load config ms', Math.round(performance.now() - t0));
const t1 = performance.now();
await wb.xlsx.writeBuffer();
console.log('write config ms', Math.round(performance.now() - t1));
