import { buildUnitWorkbook } from '../../shared/adapters/xlsx/xlsx-workbook-templates.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveWorkbookAtomic } from '../../shared/adapters/xlsx/xlsx-file.js';
import { XlsxWorkbookGateway } from '../../shared/adapters/xlsx/xlsx-gateway.js';
import { requireCriteriaSet } from '../../shared/domain/criteria-sets.js';
import { Hierarchy } from '../../shared/domain/hierarchy.js';
import { periodId, unitCode } from '../../shared/domain/ids.js';
import type { Unit } from '../../shared/domain/unit.js';
import { parseUnitWorkbook } from '../../shared/forms/unit-workbook.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unit-tpl-sets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const province: Unit = { code: unitCode('62'), name: 'Tỉnh Kon Tum', level: 'tinh', groups: [], workbook: 'kt.xlsx', emails: [] };
const communes: Unit[] = [{ code: unitCode('23284'), name: 'Xã Đăk Mar', level: 'xa', parent: unitCode('62'), groups: [], emails: [] }];

async function headersOf(period: string): Promise<{ headers: unknown[]; wb: ExcelJS.Workbook }> {
  const set = requireCriteriaSet(periodId(period));
  const built = buildUnitWorkbook({ unit: province, communes, programmes: ['ntm'], criteriaSet: set, period: periodId(period), due: {} });
  await saveWorkbookAtomic(built, join(dir, 'kt.xlsx'));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, 'kt.xlsx'));
  const ntm = wb.getWorksheet('NTM');
  if (!ntm) throw new Error('no NTM');
  return { headers: (ntm.getRow(2).values as unknown[]).slice(1), wb };
}

describe('the unit template follows the period set', () => {
  it('names the 2021-2025 criteria and adds the Mức đạt dropdown', async () => {
    const { headers, wb } = await headersOf('2025');
    expect(headers).toContain('TC3 - Thủy lợi và phòng, chống thiên tai');
    expect(headers).toContain('TC11 - Nghèo đa chiều');
    expect(headers.slice(-3)).toEqual(['Năm công nhận', 'Mức đạt', 'Ghi chú']);
    const ntm = wb.getWorksheet('NTM');
    const levelCell = ntm?.getCell(3, headers.indexOf('Mức đạt') + 1);
    expect(levelCell?.dataValidation?.formulae).toEqual(['"NTM,nâng cao,kiểu mẫu"']);
    const guide = wb.getWorksheet('Hướng dẫn');
    const text = JSON.stringify(guide?.getSheetValues());
    expect(text).toContain('Mức đạt');
  });

  it('keeps the 2016-2020 names and no Mức đạt column for 2018', async () => {
    const { headers } = await headersOf('2018');
    expect(headers).toContain('TC3 - Thủy lợi');
    expect(headers).toContain('TC11 - Hộ nghèo');
    expect(headers).not.toContain('Mức đạt');
  });

  it('a 2025 template reads back through the parser of its period', async () => {
    await headersOf('2025');
    const gateway = new XlsxWorkbookGateway({ dir });
    const raw = await gateway.read('kt.xlsx', ['NTM']);
    const set = requireCriteriaSet(periodId('2025'));
    const h = new Hierarchy([{ ...province }, ...communes]);
    const parsed = parseUnitWorkbook(raw, { unit: province, hierarchy: h, criteriaSet: set, baselines: new Map(), currentYear: 2025 }, ['ntm']);
    expect(parsed.issues.filter((i) => i.code === 'criteria_columns_mismatch' || i.code === 'column_extra')).toEqual([]);
    expect(parsed.notEntered).toBe(true);
  });
});
