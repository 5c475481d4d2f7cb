import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicator, runCli, runJson, type RunJsonDoc } from '../support/cli.js';
import { readTab } from '../support/xlsx-fixture.js';

/**
 * The office's loop from the issue: run the demo, a district fixes its error and changes a
 * commune's criterion in Excel, the next run follows in the summary, the feedback tab and e-mails.
 */
describe('a district edits its workbook and the next run follows', () => {
  let ws: string;
  let before: RunJsonDoc;
  let after: RunJsonDoc;
  let lostCommune = '';
  const file = () => join(ws, 'units', 'ls-183-cao-loc.xlsx');

  beforeAll(async () => {
    ws = await mkdtemp(join(tmpdir(), 'ntp-edit-'));
    expect((await runCli(['init', '--workspace', ws, '--demo'])).code).toBe(0);
    before = await runJson(ws, ['--period', '2018', '--as-of', '2018-10-15']);

    // What staff do in Excel: delete the row of the neighbouring district's commune, and mark
    // criterion 2 of a commune meeting all 19 as not met.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file());
    const sheet = wb.getWorksheet('NTM');
    if (!sheet) throw new Error('NTM tab missing');
    let headerRow = 0;
    const col: Record<string, number> = {};
    sheet.eachRow((row, r) => {
      if (headerRow) return;
      row.eachCell((cell, c) => {
        const text = cell.text;
        if (text === 'Mã xã') headerRow = r;
        if (text === 'Mã xã' || text === 'Ghi chú' || text.startsWith('TC2 ') || text === 'TC2') col[text.startsWith('TC2') ? 'TC2' : text] = c;
      });
    });
    for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      if (row.getCell(col['Ghi chú']!).value === 'Xã giáp ranh, nhập nhầm') {
        row.eachCell((cell) => {
          cell.value = null;
        });
        continue;
      }
      const values = Array.from({ length: 19 }, (_, i) => row.getCell(col['TC2']! - 1 + i).value);
      if (!lostCommune && values.every((v) => v === 'Đạt')) {
        lostCommune = row.getCell(col['Mã xã']!).text;
        row.getCell(col['TC2']!).value = 'Chưa đạt';
      }
    }
    await wb.xlsx.writeFile(file());
    after = await runJson(ws, ['--period', '2018', '--as-of', '2018-10-20']);
  });

  afterAll(async () => {
    await rm(ws, { recursive: true, force: true });
  });

  it('re-reads only the edited workbook and accepts it', () => {
    expect(lostCommune).toMatch(/^\d{5}$/);
    expect(before.units.find((u) => u.code === '183')?.status).toBe('invalid');
    const statuses = Object.fromEntries(after.units.map((u) => [u.code, u.status]));
    expect(statuses['183']).toBe('ok');
    expect(Object.values(statuses).filter((s) => s !== 'unchanged')).toEqual(['ok']);
  });

  it('recomputes the indicators and the target status', () => {
    expect(indicator(before, '20', 'ntm.standard')).toBe(48);
    expect(indicator(after, '20', 'ntm.standard')).toBe(47);
    expect(indicator(after, '20', 'ntm.criterion.2')).toBe(57);
    expect(indicator(after, '183', 'ntm.communes')).toBe(indicator(before, '183', 'ntm.communes'));
    const standard = after.targets.find((t) => t.unit === '20' && t.indicator === 'ntm.standard');
    expect(standard).toMatchObject({ value: 47, status: 'at_risk' });
  });

  it('raises a regression for the commune that lost a criterion and drops the fixed error', () => {
    const regression = after.alerts.find((a) => a.kind === 'regression' && a.unit === lostCommune);
    expect(regression?.message).toMatch(/tiêu chí 2/);
    expect(after.alerts.some((a) => a.kind === 'data_invalid' && a.unit === '183')).toBe(false);
  });

  it('updates the summary and the feedback tab, and e-mails the district', async () => {
    const summary = await readTab(join(ws, 'summary.xlsx'), 'Tổng hợp NTM');
    expect(summary.find((r) => r[0] === '20')?.[6]).toBe(47);
    const feedback = (await readTab(file(), 'Kết quả kiểm tra')).flat();
    expect(feedback).toContain('Trạng thái: Hợp lệ');
    expect(feedback).toContain('Số lỗi: 0');
    // The commune may have been recognised earlier: then losing a criterion is worth a warning.
    const recognised = after.issues.filter((i) => i.unit === '183').map((i) => i.code);
    expect(recognised.every((c) => c === 'recognised_not_standard')).toBe(true);
    const mails = await Promise.all((await readdir(join(ws, 'outbox'))).map(async (f) => simpleParser(await readFile(join(ws, 'outbox', f)))));
    const toDistrict = mails.filter((m) => (Array.isArray(m.to) ? m.to[0] : m.to)?.text === 'ntm.caoloc@langson.example');
    expect(toDistrict.length).toBe(2); // the first run's error digest, then the regression
    expect(toDistrict.some((m) => m.text?.includes(lostCommune) || m.text?.includes('tiêu chí 2'))).toBe(true);
  });
});
