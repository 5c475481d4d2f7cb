import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runJson, type RunJsonDoc } from '../support/cli.js';
import { controlTabs, writeXlsxUnits } from '../support/small-province.js';
import { readTab, writeFixtureWorkbook } from '../support/xlsx-fixture.js';

/**
 * What district staff and the office read after each run, through the real command line: the
 * e-mails parsed back from the outbox, the feedback tab read back from the unit's file.
 */

const OFFICE = 'vanphong@tinh.example';
const A = 'huyena@tinh.example';

/** What staff see of a cell in Excel: its value, background and note. */
interface CellLook {
  value: unknown;
  fill: string | undefined;
  note: string | undefined;
}

/** Every cell of every tab of a workbook as staff see it, by `Tab!A1`. */
async function cellsOf(path: string): Promise<Map<string, CellLook>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out = new Map<string, CellLook>();
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: true }, (row) =>
      row.eachCell({ includeEmpty: true }, (cell) => {
        const note = cell.note;
        out.set(`${ws.name}!${cell.address}`, {
          value: cell.value,
          fill: cell.fill?.type === 'pattern' ? cell.fill.fgColor?.argb : undefined,
          note: note === undefined ? undefined : typeof note === 'string' ? note : note.texts?.map((t) => t.text).join(''),
        });
      }),
    );
  }
  return out;
}

const toOf = (m: ParsedMail): string => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address ?? '';

/** The outbox's messages not seen before, parsed, by recipient. */
async function newMails(ws: string, seen: Set<string>): Promise<Map<string, ParsedMail>> {
  const files = (await readdir(join(ws, 'outbox'))).filter((f) => f.endsWith('.eml') && !seen.has(f)).sort();
  for (const f of files) seen.add(f);
  const mails = await Promise.all(files.map(async (f) => simpleParser(await readFile(join(ws, 'outbox', f)))));
  return new Map(mails.map((m) => [toOf(m), m]));
}

describe('the e-mails of a province over three runs', () => {
  let ws: string;
  const seen = new Set<string>();
  let first: Map<string, ParsedMail>;
  let afterFix: Map<string, ParsedMail>;
  let later: Map<string, ParsedMail>;
  let firstRun: RunJsonDoc;
  let marked: Map<string, CellLook>;
  let cleared: Map<string, CellLook>;

  beforeAll(async () => {
    ws = await mkdtemp(join(tmpdir(), 'ntp-see-'));
    const tabs = controlTabs({ a: 'a.xlsx', b: 'b.xlsx', c: 'c.xlsx' });
    const targets = tabs.find((t) => t.name === 'Chỉ tiêu');
    // The plan names one quantity three ways: communes meeting the standard, those meeting all 19 criteria, and their share.
    // Four of five communes (80 %) is more than the province reaches: all three are missed.
    const standard = targets?.rows.find((r) => r[3] === 'ntm.standard' && r[2] === '01');
    if (standard) standard[4] = 4;
    targets?.rows.push(['ntm', '2024', '01', 'ntm.bucket.19', 4, '>=', null], ['ntm', '2024', '01', 'ntm.standard.pct', 80, '>=', null]);
    await writeFixtureWorkbook(join(ws, 'config.xlsx'), tabs);
    await import('node:fs/promises').then((fs) => fs.mkdir(join(ws, 'units'), { recursive: true }));
    await writeXlsxUnits(ws, false);
    firstRun = await runJson(ws, ['--as-of', '2024-12-25']);
    first = await newMails(ws, seen);
    marked = await cellsOf(join(ws, 'units', 'a.xlsx'));
    // Huyện A fixes every error in its marked file, as staff do in Excel: the two on NTM and the
    // ambiguous number on Giảm nghèo.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(ws, 'units', 'a.xlsx'));
    const ntm = wb.getWorksheet('NTM');
    const poverty = wb.getWorksheet('Giảm nghèo');
    if (!ntm || !poverty) throw new Error('tabs missing');
    ntm.getCell('D4').value = 'Đạt';
    ntm.getCell('G4').value = 'Đạt';
    poverty.getCell('D3').value = 70;
    await wb.xlsx.writeFile(join(ws, 'units', 'a.xlsx'));
    await runJson(ws, ['--as-of', '2024-12-25']);
    afterFix = await newMails(ws, seen);
    cleared = await cellsOf(join(ws, 'units', 'a.xlsx'));
    // Nine days on, nothing changed: what is still wrong is sent again as a reminder.
    await runJson(ws, ['--as-of', '2025-01-03']);
    later = await newMails(ws, seen);
  });

  afterAll(async () => {
    await rm(ws, { recursive: true, force: true });
  });

  it("lists a district's problems, with tab and cell, in its own e-mail, and never points it at the summary", () => {
    const mail = first.get(A);
    const text = mail?.text ?? '';
    const problems = firstRun.issues.filter((i) => i.unit === '001' && i.severity === 'error');
    expect(problems.length).toBeGreaterThan(1);
    for (const p of problems) expect(text).toContain(`• Trang "${p.tab}", ô ${p.cell}: ${p.message}`);
    expect(text).toContain('trong bảng tính báo cáo của đơn vị (a.xlsx)');
    expect(text).not.toContain('summary.xlsx');
    expect(mail?.html).not.toContain('summary.xlsx');
    expect(mail?.html).toContain(`ô ${problems[0]?.cell}`);
  });

  it('gives the office the summary, and one line for the targets that state one fact', () => {
    const text = first.get(OFFICE)?.text ?? '';
    expect(text).toContain('bảng tổng hợp (summary.xlsx)');
    expect(text).not.toContain('• Trang');
    const missed = text.split('\n').filter((l) => l.startsWith('   - Tỉnh Thử: chỉ tiêu'));
    // ntm.standard, ntm.bucket.19 and ntm.standard.pct for the province: one line naming all three.
    expect(missed).toHaveLength(1);
    expect(missed[0]).toContain("'Số xã đạt chuẩn (19 tiêu chí)'");
    expect(missed[0]).toContain("'Số xã đạt 19 tiêu chí'");
    expect(missed[0]).toContain("'Tỷ lệ xã đạt chuẩn'");
    expect(
      firstRun.alerts
        .filter((a) => a.unit === '01' && a.kind === 'target_missed')
        .map((a) => a.indicator)
        .sort(),
    ).toEqual(['ntm.bucket.19', 'ntm.standard', 'ntm.standard.pct']);
  });

  it("marks each error cell of the unit's own tabs with a fill and the message, without changing a value", () => {
    const errors = firstRun.issues.filter((i) => i.unit === '001' && i.severity === 'error' && i.cell !== null);
    expect(errors.map((i) => `${i.tab}!${i.cell}`).sort()).toEqual(['Giảm nghèo!D3', 'NTM!D4', 'NTM!G4']);
    for (const i of errors) {
      const look = marked.get(`${i.tab}!${i.cell}`);
      expect(look?.fill, `${i.tab}!${i.cell}`).toBe('FFF4CCCC');
      expect(look?.note).toBe(i.message);
    }
    expect(marked.get('NTM!D4')?.value).toBe('đạt lắm');
    expect(marked.get('NTM!G4')?.value).toBeNull();
    expect(marked.get('Giảm nghèo!D3')?.value).toBe('1,955');
    // Cells without an error are not marked.
    expect(
      [...marked]
        .filter(([k, v]) => !k.startsWith('Kết quả') && (v.fill !== undefined || v.note !== undefined))
        .map(([k]) => k)
        .sort(),
    ).toEqual(['Giảm nghèo!D3', 'NTM!D4', 'NTM!G4']);
  });

  it('takes the marks away once the cells are fixed, keeping what staff typed', () => {
    for (const at of ['NTM!D4', 'NTM!G4', 'Giảm nghèo!D3']) {
      expect(cleared.get(at)?.fill, at).toBeUndefined();
      expect(cleared.get(at)?.note, at).toBeUndefined();
    }
    expect(cleared.get('NTM!D4')?.value).toBe('Đạt');
    expect(cleared.get('Giảm nghèo!D3')?.value).toBe(70);
  });

  it('tells the office and the district that the district fixed its errors', () => {
    const office = afterFix.get(OFFICE);
    expect(office?.subject).toContain('1 đơn vị đã sửa xong lỗi');
    expect(office?.text).toContain('ĐÃ SỬA XONG LỖI (1)\n   - Huyện A: bảng tính không còn lỗi');
    expect(afterFix.get(A)?.text).toContain('Huyện A: bảng tính không còn lỗi');
    expect(afterFix.get('huyenb@tinh.example')).toBeUndefined();
  });

  it('sends what still holds after the interval as a reminder, with the day it was first sent', () => {
    const office = later.get(OFFICE);
    expect(office?.subject).toMatch(/^\[NTM-GN\] Kỳ 2024: Nhắc lại \d+ cảnh báo, gửi lần đầu ngày 25\/12\/2024/);
    expect(office?.subject).not.toContain('cảnh báo mới');
    expect(office?.text).toContain('(nhắc lại: gửi lần đầu ngày 25/12/2024)');
    // Huyện A fixed its errors: only its late report is left to remind it of.
    expect(later.get(A)?.text).toContain('nộp báo cáo muộn');
    expect(later.get(A)?.text).not.toContain('BÁO CÁO CÓ LỖI SỐ LIỆU');
    expect(later.get('huyenb@tinh.example')?.subject).toContain('Nhắc lại');
  });
});

describe('a workbook fresh from the template', () => {
  let ws: string;
  let doc: RunJsonDoc;
  let mails: Map<string, ParsedMail>;

  beforeAll(async () => {
    ws = await mkdtemp(join(tmpdir(), 'ntp-template-'));
    expect((await runCli(['init', '--workspace', ws])).code).toBe(0);
    const config = new ExcelJS.Workbook();
    await config.xlsx.readFile(join(ws, 'config.xlsx'));
    const units = config.getWorksheet('Đơn vị');
    const schedule = config.getWorksheet('Lịch báo cáo');
    const recipients = config.getWorksheet('Người nhận');
    if (!units || !schedule || !recipients) throw new Error('control tabs missing');
    units.getRow(4).values = ['01', 'Tỉnh Thử', 'tỉnh'];
    units.getRow(5).values = ['001', 'Huyện A', 'huyện', '01', null, 'a.xlsx', A];
    units.getRow(6).values = ['00001', 'Xã Một', 'xã', '001'];
    units.getRow(7).values = ['00002', 'Xã Hai', 'xã', '001'];
    schedule.getRow(4).values = ['ntm', '2024', '20/12/2024'];
    recipients.getRow(4).values = [OFFICE, 'văn phòng'];
    await config.xlsx.writeFile(join(ws, 'config.xlsx'));
    expect((await runCli(['init', '--workspace', ws])).code).toBe(0);
    doc = await runJson(ws, ['--as-of', '2024-12-25']);
    mails = await newMails(ws, new Set());
  });

  afterAll(async () => {
    await rm(ws, { recursive: true, force: true });
  });

  it('is one finding, and the unit has not reported yet', () => {
    expect(doc.units.map((u) => [u.code, u.status, u.errors])).toEqual([['001', 'missing', 0]]);
    expect(doc.issues.filter((i) => i.unit === '001').map((i) => [i.code, i.severity])).toEqual([['data_not_entered', 'warning']]);
    expect(doc.issues.some((i) => i.code === 'criterion_missing')).toBe(false);
  });

  it('says so in the feedback tab and, after the due date, in the unit e-mail', async () => {
    const feedback = (await readTab(join(ws, 'units', 'a.xlsx'), 'Kết quả kiểm tra')).flat();
    expect(feedback).toContain('Trạng thái: Chưa nộp');
    expect(feedback.some((v) => typeof v === 'string' && v.startsWith('Bảng tính chưa nhập số liệu'))).toBe(true);
    const text = mails.get(A)?.text ?? '';
    expect(text).toContain('CHƯA NỘP BÁO CÁO (1)');
    expect(text).toContain('• Bảng tính chưa nhập số liệu');
    expect(text).not.toContain('summary.xlsx');
  });
});
