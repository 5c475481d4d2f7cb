import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { XlsxWorkbookGateway } from '../../shared/adapters/xlsx/xlsx-gateway.js';
import { InvalidWorkbookRefError } from '../../shared/adapters/xlsx/xlsx-refs.js';
import { WorkbookNotFoundError, WorkbookUnreadableError, type TabWrite } from '../../shared/ports/workbook-gateway.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xlsx-gw-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function save(wb: ExcelJS.Workbook, name: string): Promise<void> {
  await wb.xlsx.writeFile(join(dir, name));
}

async function reopen(name: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, name));
  return wb;
}

describe('XlsxWorkbookGateway.read', () => {
  it('converts every kind of cell exceljs writes', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('NTM');
    ws.getCell('A1').value = 'Biểu báo cáo';
    ws.mergeCells('A1:D1');
    ws.getCell('A2').value = 1955;
    ws.getCell('B2').value = 13.8;
    ws.getCell('C2').value = '00178';
    ws.getCell('D2').value = true;
    ws.getCell('A3').value = new Date(Date.UTC(2018, 11, 20));
    ws.getCell('B3').value = { richText: [{ text: 'Chưa ' }, { text: 'đạt', font: { bold: true } }] };
    ws.getCell('C3').value = { text: 'Xã Tân Thanh', hyperlink: 'https://example.org' };
    ws.getCell('D3').value = { error: '#REF!' };
    ws.getCell('A4').value = { formula: 'A2+1', result: 1956 };
    ws.getCell('B4').value = { formula: 'A2*2' };
    ws.getCell('C4').value = { formula: '1/0', result: { error: '#DIV/0!' } };
    ws.getCell('D4').value = { formula: 'C2', result: 'Đạt' };
    ws.getCell('A5').value = { formula: 'A2', result: 7, shareType: 'shared', ref: 'A5:A6' } as ExcelJS.CellFormulaValue;
    ws.getCell('A6').value = { sharedFormula: 'A5', result: 8 };
    ws.getCell('B6').value = '=SUM(A1)';
    // Row 7 empty, row 8 has a value far right, then trailing empty-but-styled cells.
    ws.getCell('F8').value = 'x';
    ws.getCell('H8').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } };
    ws.getCell('A12').numFmt = '0.00';
    await save(wb, 'cells.xlsx');

    const gw = new XlsxWorkbookGateway({ dir });
    const raw = await gw.read('cells.xlsx', ['NTM']);
    expect(raw.sheets).toHaveLength(1);
    const rows = raw.sheets[0]?.rows ?? [];
    expect(rows[0]).toEqual(['Biểu báo cáo']); // merged slaves B1:D1 read as null and are trimmed
    expect(rows[1]).toEqual([1955, 13.8, '00178', true]);
    expect(rows[2]?.[0]).toBeInstanceOf(Date);
    expect((rows[2]?.[0] as Date).toISOString()).toBe('2018-12-20T00:00:00.000Z');
    expect(rows[2]?.slice(1)).toEqual(['Chưa đạt', 'Xã Tân Thanh', { error: '#REF!' }]);
    expect(rows[3]).toEqual([1956, { error: '#NO_RESULT' }, { error: '#DIV/0!' }, 'Đạt']);
    expect(rows[4]).toEqual([7]);
    expect(rows[5]).toEqual([8, '=SUM(A1)']);
    expect(rows[6]).toEqual([]);
    expect(rows[7]).toEqual([null, null, null, null, null, 'x']);
    expect(rows).toHaveLength(8);
  });

  it('matches tab names ignoring case, spacing and Unicode form, and returns the actual names', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Hướng dẫn').getCell('A1').value = 'đọc kỹ';
    wb.addWorksheet(' ntm ').getCell('A1').value = 'n';
    wb.addWorksheet('GIẢM  NGHÈO'.normalize('NFD')).getCell('A1').value = 'g';
    wb.addWorksheet('Văn hoá').getCell('A1').value = 'v';
    wb.addWorksheet('NTM (2)').getCell('A1').value = 'other';
    wb.addWorksheet('NTM').getCell('A1').value = 'second';
    await save(wb, 'names.xlsx');
    const gw = new XlsxWorkbookGateway({ dir });
    const raw = await gw.read('names.xlsx', ['NTM', 'Giảm nghèo', 'Văn hóa', 'Không có']);
    // Both tabs that read as "NTM" come back, in tab order, for the parser to warn about.
    expect(raw.sheets.map((s) => s.name)).toEqual([' ntm ', 'GIẢM  NGHÈO'.normalize('NFD'), 'Văn hoá', 'NTM']);
    expect(raw.sheets.map((s) => s.rows[0]?.[0])).toEqual(['n', 'g', 'v', 'second']);
  });

  it('reports an absent file as not found and a damaged one as unreadable with a reason', async () => {
    const gw = new XlsxWorkbookGateway({ dir });
    await expect(gw.read('absent.xlsx', ['NTM'])).rejects.toBeInstanceOf(WorkbookNotFoundError);
    expect(await gw.exists('absent.xlsx')).toBe(false);
    expect((await gw.stat(['absent.xlsx'])).get('absent.xlsx')).toBeUndefined();

    await writeFile(join(dir, 'text.xlsx'), 'Mã xã,Tên xã\n06001,Tân Thanh\n');
    const notXlsx = await gw.read('text.xlsx', ['NTM']).catch((e: unknown) => e);
    expect(notXlsx).toBeInstanceOf(WorkbookUnreadableError);
    expect((notXlsx as WorkbookUnreadableError).reason).toMatch(/không phải định dạng \.xlsx/);

    await writeFile(join(dir, 'empty.xlsx'), '');
    const empty = await gw.read('empty.xlsx', ['NTM']).catch((e: unknown) => e);
    expect((empty as WorkbookUnreadableError).reason).toMatch(/rỗng/);

    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('NTM').getCell('A1').value = 'x';
    const good = Buffer.from(await wb.xlsx.writeBuffer());
    await writeFile(join(dir, 'truncated.xlsx'), good.subarray(0, Math.floor(good.length / 2)));
    const truncated = await gw.read('truncated.xlsx', ['NTM']).catch((e: unknown) => e);
    expect(truncated).toBeInstanceOf(WorkbookUnreadableError);
    expect((truncated as WorkbookUnreadableError).reason).toMatch(/bị hỏng/);
  });

  it('refuses references that leave the folder', async () => {
    const gw = new XlsxWorkbookGateway({ dir: join(dir, 'ws') });
    const up = await gw.read('../secret.xlsx', ['NTM']).catch((e: unknown) => e);
    expect(up).toBeInstanceOf(WorkbookUnreadableError);
    expect((up as Error).cause).toBeInstanceOf(InvalidWorkbookRefError);
    expect((up as WorkbookUnreadableError).reason).toMatch(/^tên bảng tính không hợp lệ: .*"\.\."/);
    // One bad ref in a batch: the others are answered, the bad one is left for read() to explain.
    const stats = await gw.stat(['/etc/passwd', '../secret.xlsx', 'absent.xlsx']);
    expect(stats.get('/etc/passwd')?.version).toBe('unavailable:invalid-ref');
    expect(stats.get('../secret.xlsx')?.version).toBe('unavailable:invalid-ref');
    expect(stats.get('absent.xlsx')).toBeUndefined();
    const write = await gw.writeTabs('units/../../x.xlsx', [{ name: 'A', rows: [['x']] }]).catch((e: unknown) => e);
    expect(write).toBeInstanceOf(WorkbookUnreadableError);
    expect((write as Error).cause).toBeInstanceOf(InvalidWorkbookRefError);
    expect(await gw.exists('C:\\x.xlsx')).toBe(false);
    expect(() => gw.pathOf('../x.xlsx')).toThrow(InvalidWorkbookRefError);
  });

  it('stats files by size and modification time, and reads refs in sub-folders', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('NTM').getCell('A1').value = 'x';
    await (await import('node:fs/promises')).mkdir(join(dir, 'units'));
    await wb.xlsx.writeFile(join(dir, 'units', 'a.xlsx'));
    const gw = new XlsxWorkbookGateway({ dir });
    const s = (await gw.stat(['units/a.xlsx', 'units/b.xlsx'])).get('units/a.xlsx');
    const fsStat = await stat(join(dir, 'units', 'a.xlsx'));
    expect(s).toEqual({ modifiedMs: fsStat.mtimeMs, version: `${fsStat.size}:${fsStat.mtimeMs}` });
    expect(await gw.exists('units/a.xlsx')).toBe(true);
    expect((await gw.read('units/a.xlsx', ['ntm'])).sheets[0]?.rows).toEqual([['x']]);
  });
});

/** A unit workbook as staff leave it: validations, protection, frozen header, widths, styled cells. */
async function staffWorkbook(name: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ntm = wb.addWorksheet('NTM');
  ntm.getRow(1).values = ['Mã xã', 'Tên xã', 'TC1 - Quy hoạch'];
  ntm.getRow(2).values = ['06001', 'Xã Tân Thanh', 'Đạt'];
  ntm.getCell('C2').dataValidation = { type: 'list', allowBlank: true, formulae: ['"Đạt,Chưa đạt"'] };
  ntm.getCell('C3').dataValidation = { type: 'list', allowBlank: true, formulae: ['"Đạt,Chưa đạt"'] };
  ntm.getCell('B2').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
  ntm.getCell('A2').numFmt = '@';
  ntm.getColumn(2).width = 33;
  ntm.views = [{ state: 'frozen', ySplit: 1, xSplit: 2 }];
  ntm.getCell('C2').protection = { locked: false };
  await ntm.protect('', { formatColumns: true, sort: true, autoFilter: true });
  const fb = wb.addWorksheet('Kết quả kiểm tra');
  for (let r = 1; r <= 30; r++) fb.getCell(r, 1).value = `cũ ${r}`;
  fb.getCell('E40').value = 'rác';
  fb.mergeCells('A41:C41');
  const guide = wb.addWorksheet('Hướng dẫn');
  guide.getCell('A1').value = 'Hướng dẫn nhập liệu';
  await wb.xlsx.writeFile(join(dir, name));
}

/** A tab with every kind of TabCell, as the pipeline's feedback and summary tabs use them. */
function richTab(name: string): TabWrite {
  return {
    name,
    rows: [
      [{ value: 'Kết quả kiểm tra', style: 'title' }],
      ['Trang', 'Ô', 'Giá trị', 'Số', 'Tỷ lệ'],
      ['NTM', 'C5', '=SUM(A1:A3)', { value: 1955, format: 'int' }, { value: 26.61, format: 'percent' }],
      ['NTM', 'C6', '+84912345678', { value: 13.8, format: 'decimal' }, { value: 'Lỗi', style: 'error' }],
      ['NTM', 'C7', '@x', null, { value: 'OK', style: 'ok' }],
    ],
    widths: [12, 8, 30],
    headerRow: 2,
  };
}

function expectRichTab(fb: ExcelJS.Worksheet): void {
  expect(fb.getCell('A1').value).toBe('Kết quả kiểm tra');
  expect(fb.getCell('A1').font?.bold).toBe(true);
  expect(fb.getCell('A2').font?.bold).toBe(true);
  expect(fb.getCell('C3').value).toBe('=SUM(A1:A3)');
  expect(fb.getCell('C3').type).toBe(ExcelJS.ValueType.String);
  expect(fb.getCell('C4').value).toBe('+84912345678');
  expect(fb.getCell('C5').value).toBe('@x');
  expect(fb.getCell('D3').value).toBe(1955);
  expect(fb.getCell('D3').numFmt).toBe('[$-42A]#,##0');
  expect(fb.getCell('E3').value).toBe(26.61);
  expect(fb.getCell('E3').numFmt).toBe('[$-42A]0.00"%"');
  expect(fb.getCell('D4').numFmt).toBe('[$-42A]#,##0.00');
  expect(fb.getCell('E4').fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFF8CBAD' } });
  expect(fb.getCell('E5').fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFC6EFCE' } });
  expect(fb.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
  expect(fb.getColumn(3).width).toBe(30);
}

describe('XlsxWorkbookGateway.writeTabs', () => {
  it('replaces only the named tab and keeps everything staff made in the others', async () => {
    await staffWorkbook('unit.xlsx');
    const gw = new XlsxWorkbookGateway({ dir });
    await gw.read('unit.xlsx', ['NTM']);
    const result = await gw.writeTabs('unit.xlsx', [richTab('kết quả kiểm tra')], {
      marks: {
        set: [{ tab: 'NTM', cell: 'B2', note: 'Sai mã' }],
        clear: [],
      },
    });
    const disk = await stat(join(dir, 'unit.xlsx'));
    expect(result).toEqual({ modifiedMs: disk.mtimeMs, version: `${disk.size}:${disk.mtimeMs}` });

    const wb = await reopen('unit.xlsx');
    // Matched loosely, replaced in place, named as the writer asked.
    expect(wb.worksheets.map((w) => w.name)).toEqual(['NTM', 'kết quả kiểm tra', 'Hướng dẫn']);

    const ntm = wb.getWorksheet('NTM');
    if (!ntm) throw new Error('NTM missing');
    expect(ntm.getCell('A2').value).toBe('06001');
    expect(ntm.getCell('A2').numFmt).toBe('@');
    expect(ntm.getCell('C2').value).toBe('Đạt');
    expect(ntm.getCell('C3').dataValidation).toMatchObject({ type: 'list', formulae: ['"Đạt,Chưa đạt"'] });
    expect(ntm.getCell('C2').protection).toMatchObject({ locked: false });
    expect((ntm as unknown as { sheetProtection: unknown }).sheetProtection).toMatchObject({ sheet: true, formatColumns: true, sort: true, autoFilter: true });
    expect(ntm.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 2 });
    expect(ntm.getColumn(2).width).toBe(33);
    // The mark is drawn as far as it can be without touching staff's formatting: the cell keeps
    // its own yellow and gets the note.
    expect(ntm.getCell('B2').fill).toMatchObject({ fgColor: { argb: 'FFFFFF00' } });
    const note = ntm.getCell('B2').note;
    expect(typeof note === 'string' ? note : note?.texts?.map((t) => t.text).join('')).toBe('Sai mã');

    const fb = wb.getWorksheet('kết quả kiểm tra');
    if (!fb) throw new Error('feedback missing');
    expectRichTab(fb);
    // Old content past the new rows is gone, merges included.
    expect(fb.getCell('A6').value).toBeNull();
    expect(fb.getCell('A30').value).toBeNull();
    expect(fb.getCell('E40').value).toBeNull();
    expect(fb.getCell('B41').isMerged).toBe(false);

    expect(wb.getWorksheet('Hướng dẫn')?.getCell('A1').value).toBe('Hướng dẫn nhập liệu');

    // Strings that look like formulas come back as strings through the gateway too.
    const raw = await new XlsxWorkbookGateway({ dir }).read('unit.xlsx', ['Kết quả kiểm tra']);
    expect(raw.sheets[0]?.rows.slice(2).map((r) => r[2])).toEqual(['=SUM(A1:A3)', '+84912345678', '@x']);
  });

  it('adds a new tab at the end and creates a workbook that does not exist', async () => {
    await staffWorkbook('unit.xlsx');
    const gw = new XlsxWorkbookGateway({ dir });
    await gw.writeTabs('unit.xlsx', [{ name: 'Tổng hợp', rows: [['a', 1]] }]);
    expect((await reopen('unit.xlsx')).worksheets.map((w) => w.name)).toEqual(['NTM', 'Kết quả kiểm tra', 'Hướng dẫn', 'Tổng hợp']);

    const s = await gw.writeTabs('out/summary.xlsx', [
      { name: 'Tiến độ', rows: [['x']] },
      richTab('Kết quả'),
      { name: 'Cảnh báo', rows: [['y']] },
      { name: 'tiến  độ', rows: [['thay']] },
    ]);
    const disk = await stat(join(dir, 'out', 'summary.xlsx'));
    expect(s).toEqual({ modifiedMs: disk.mtimeMs, version: `${disk.size}:${disk.mtimeMs}` });
    const summary = await reopen('out/summary.xlsx');
    // Written by the streaming writer: same looks; a repeated name replaces the earlier tab in place.
    expect(summary.worksheets.map((w) => w.name)).toEqual(['tiến  độ', 'Kết quả', 'Cảnh báo']);
    expect(summary.worksheets[0]?.getCell('A1').value).toBe('thay');
    const rich = summary.getWorksheet('Kết quả');
    if (!rich) throw new Error('no rich tab');
    expectRichTab(rich);
    expect(await readdir(join(dir, 'out'))).toEqual(['summary.xlsx']);
  });

  it('rewrites a workbook whose every tab is replaced without loading its old content, in its tab order', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Tổng hợp & chỉ tiêu').getCell('A1').value = 'cũ';
    wb.addWorksheet('Cảnh báo').getCell('A1').value = 'cũ';
    await save(wb, 'summary.xlsx');
    // Break the first sheet's XML: only a writer that does not load the old content can succeed.
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(await readFile(join(dir, 'summary.xlsx')));
    zip.file('xl/worksheets/sheet1.xml', '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>99</v>');
    await writeFile(join(dir, 'summary.xlsx'), await zip.generateAsync({ type: 'nodebuffer' }));

    const gw = new XlsxWorkbookGateway({ dir });
    // Writing one tab edits the package and never parses the others: the broken part is kept as is.
    await gw.writeTabs('summary.xlsx', [{ name: 'Cảnh báo', rows: [['mới']] }]);
    const kept = await JSZip.loadAsync(await readFile(join(dir, 'summary.xlsx')));
    expect(await kept.file('xl/worksheets/sheet1.xml')?.async('string')).toBe('<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>99</v>');
    await gw.writeTabs('summary.xlsx', [
      { name: 'Cảnh báo', rows: [['cảnh báo mới']] },
      { name: 'Tiến độ', rows: [['thêm']] },
      { name: 'tổng hợp & chỉ tiêu', rows: [['tổng hợp mới']] },
    ]);
    const back = await reopen('summary.xlsx');
    expect(back.worksheets.map((w) => [w.name, w.getCell('A1').value])).toEqual([
      ['tổng hợp & chỉ tiêu', 'tổng hợp mới'],
      ['Cảnh báo', 'cảnh báo mới'],
      ['Tiến độ', 'thêm'],
    ]);
  });

  it('writes atomically: a new file is renamed into place and no temporary file is left', async () => {
    await staffWorkbook('unit.xlsx');
    const before = await stat(join(dir, 'unit.xlsx'));
    const gw = new XlsxWorkbookGateway({ dir });
    await gw.writeTabs('unit.xlsx', [{ name: 'Kết quả kiểm tra', rows: [['mới']] }]);
    const after = await stat(join(dir, 'unit.xlsx'));
    // An in-place write keeps the inode; a temp file renamed over the target has a new one.
    expect(after.ino).not.toBe(before.ino);
    expect(await readdir(dir)).toEqual(['unit.xlsx']);
  });

  it('reuses the workbook loaded by read when the file did not change, and reloads when it did', async () => {
    await staffWorkbook('unit.xlsx');
    const path = join(dir, 'unit.xlsx');
    const gw = new XlsxWorkbookGateway({ dir });
    // Whole seconds, so the mtime can be set back exactly after the content is changed.
    await utimes(path, 1_700_000_000, 1_700_000_000);
    await gw.read('unit.xlsx', ['NTM']);
    // Same size and mtime but garbage content: only a cached workbook can make this write succeed.
    const size = (await stat(path)).size;
    await writeFile(path, Buffer.alloc(size, 0x41));
    await utimes(path, 1_700_000_000, 1_700_000_000);
    expect((await stat(path)).mtimeMs).toBe(1_700_000_000_000);
    await gw.writeTabs('unit.xlsx', [{ name: 'Kết quả kiểm tra', rows: [['từ bộ nhớ đệm']] }]);
    const wb = await reopen('unit.xlsx');
    expect(wb.getWorksheet('NTM')?.getCell('B2').value).toBe('Xã Tân Thanh');

    // The cache is dropped after a write, and a changed file is loaded again.
    const other = new ExcelJS.Workbook();
    other.addWorksheet('NTM').getCell('B2').value = 'Xã đã sửa';
    await other.xlsx.writeFile(path);
    await gw.writeTabs('unit.xlsx', [{ name: 'Kết quả kiểm tra', rows: [['mới']] }]);
    const again = await reopen('unit.xlsx');
    expect(again.getWorksheet('NTM')?.getCell('B2').value).toBe('Xã đã sửa');
    expect(await readFile(path)).not.toHaveLength(size);
  });
});
