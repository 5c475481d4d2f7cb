import { buildUnitWorkbook } from '../shared/templates/unit-workbook-template.js';
import { criteriaSetForPeriod } from '../shared/domain/criteria-sets.js';
import { periodId, unitCode } from '../shared/domain/ids.js';
const set = criteriaSetForPeriod(periodId('2024'));
const communes = Array.from({ length: 14 }, (_, i) => ({ code: unitCode(String(10000 + i)), name: `Xã ${i}`, level: 'xa' as const, groups: [], emails: [] }));
const unit = { code: unitCode('1000'), name: 'Huyện', level: 'huyen' as const, groups: [], emails: [] };
let tb = 0, tw = 0;
for (let i = 0; i < 100; i++) {
  const t0 = performance.now();
  const wb = buildUnitWorkbook({ unit, communes, programmes: ['ntm', 'giam_ngheo'], criteriaSet: set });
  const t1 = performance.now();
  await wb.xlsx.writeBuffer();
  tw += performance.now() - t1; tb += t1 - t0;
}
console.log('build per wb', (tb / 100).toFixed(1), 'write per wb', (tw / 100).toFixed(1));
