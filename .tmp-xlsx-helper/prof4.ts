import { buildUnitWorkbook } from '../shared/templates/unit-workbook-template.js';
import { recompressStoredZip } from '../shared/adapters/xlsx/zip-recompress.js';
import { criteriaSetForPeriod } from '../shared/domain/criteria-sets.js';
import { periodId, unitCode } from '../shared/domain/ids.js';
const set = criteriaSetForPeriod(periodId('2024'));
const communes = Array.from({ length: 14 }, (_, i) => ({ code: unitCode(String(10000 + i)), name: `Xã ${i}`, level: 'xa' as const, groups: [], emails: [] }));
const unit = { code: unitCode('1000'), name: 'Huyện', level: 'huyen' as const, groups: [], emails: [] };
const wbs = Array.from({ length: 80 }, () => buildUnitWorkbook({ unit, communes, programmes: ['ntm', 'giam_ngheo'], criteriaSet: set }));
for (let round = 0; round < 2; round++) {
  for (const mode of ['jszip1', 'store', 'store+native6', 'store+native1'] as const) {
    const t = performance.now(); let size = 0;
    for (const wb of wbs) {
      const zip = mode === 'jszip1' ? { compression: 'DEFLATE', compressionOptions: { level: 1 } } : { compression: 'STORE' };
      let b = (await wb.xlsx.writeBuffer({ zip } as never)) as unknown as Buffer;
      if (mode === 'store+native6') b = await recompressStoredZip(b, 6);
      if (mode === 'store+native1') b = await recompressStoredZip(b, 1);
      size = b.length;
    }
    console.log(round, mode, ((performance.now() - t) / wbs.length).toFixed(2), 'ms', size);
  }
}
