import { buildUnitWorkbook } from '../shared/templates/unit-workbook-template.js';
import { criteriaSetForPeriod } from '../shared/domain/criteria-sets.js';
import { periodId, unitCode } from '../shared/domain/ids.js';
const set = criteriaSetForPeriod(periodId('2024'));
const communes = Array.from({ length: 14 }, (_, i) => ({ code: unitCode(String(10000 + i)), name: `Xã ${i}`, level: 'xa' as const, groups: [], emails: [] }));
const unit = { code: unitCode('1000'), name: 'Huyện', level: 'huyen' as const, groups: [], emails: [] };
for (const zip of [undefined, { compression: 'STORE' }, { compression: 'DEFLATE', compressionOptions: { level: 1 } }]) {
  let tw = 0; let size = 0;
  for (let i = 0; i < 60; i++) {
    const wb = buildUnitWorkbook({ unit, communes, programmes: ['ntm', 'giam_ngheo'], criteriaSet: set });
    const t1 = performance.now();
    const b = await wb.xlsx.writeBuffer(zip ? { zip } as never : undefined);
    tw += performance.now() - t1; size = (b as unknown as Buffer).length;
  }
  console.log(JSON.stringify(zip), 'write per wb', (tw / 60).toFixed(1), 'size', size);
}
