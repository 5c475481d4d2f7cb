import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { XlsxWorkbookGateway } from '../../shared/adapters/xlsx/xlsx-gateway.js';
import { buildNewWorkbook } from '../../shared/adapters/xlsx/xlsx-package-new.js';
import { writeTabsIntoPackage } from '../../shared/adapters/xlsx/xlsx-package-edit.js';
import { renderWorksheetXml } from '../../shared/adapters/xlsx/xlsx-sheet-xml.js';
import { baseStylesXml, ensureTabStyles } from '../../shared/adapters/xlsx/xlsx-style-sheet.js';
import { canonicalKey } from '../../shared/adapters/xlsx/xml-scan.js';
import { readZipEntry, readZipParts } from '../../shared/adapters/xlsx/zip-archive.js';
import type { TabWrite } from '../../shared/ports/workbook-gateway.js';
import { hasUnzip } from '../support/has-unzip.js';

const FEEDBACK = 'Kết quả kiểm tra';
/** exceljs names sheet parts by tab order: the feedback tab is the third. */
const FEEDBACK_PART = 'xl/worksheets/sheet3.xml';
const YELLOW: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
const LIST: ExcelJS.DataValidation = { type: 'list', allowBlank: true, formulae: ['"Đạt,Chưa đạt"'] };

interface StaffOptions {
  feedbackName?: string;
  /** A note on the old feedback tab (a comments part and a VML drawing hang off its sheet). */
  feedbackNote?: boolean;
}

/**
 * A unit workbook as staff leave it, made with exceljs: dropdowns, protection, frozen panes, a
 * merge, styled cells, a formula, a defined name, a styled guide tab and an old feedback tab with
 * a print area.
 */
async function staffWorkbook(options: StaffOptions = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ntm = wb.addWorksheet('NTM', { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
  ntm.getRow(1).values = ['Mã xã', 'Tên xã', 'TC1 - Quy hoạch', 'Số hộ'];
  ntm.getRow(2).values = ['06001', 'Xã Tân Thanh', 'Đạt', 1955];
  ntm.getRow(3).values = ['06002', 'Xã Tân Lập', 'Chưa đạt', 2040];
  ntm.getCell('D4').value = { formula: 'SUM(D2:D3)', result: 3995 };
  ntm.getCell('C2').dataValidation = LIST;
  ntm.getCell('C3').dataValidation = LIST;
  ntm.mergeCells('A5:D5');
  ntm.getCell('A5').value = 'Ghi chú của xã';
  ntm.getCell('A1').font = { bold: true, color: { argb: 'FFFF0000' } };
  ntm.getCell('B2').fill = YELLOW;
  ntm.getCell('A2').numFmt = '@';
  ntm.getCell('D2').numFmt = '#,##0';
  ntm.getColumn(2).width = 33;
  ntm.getCell('C2').protection = { locked: false };
  await ntm.protect('', { formatColumns: true, sort: true, autoFilter: true });
  const guide = wb.addWorksheet('Hướng dẫn');
  guide.getCell('A1').value = 'Hướng dẫn nhập liệu';
  guide.getCell('A1').font = { italic: true, size: 16 };
  guide.getCell('A2').value = 'Chọn Đạt hoặc Chưa đạt';
  guide.getCell('A2').border = { bottom: { style: 'double', color: { argb: 'FF0000FF' } } };
  const fb = wb.addWorksheet(options.feedbackName ?? FEEDBACK);
  for (let r = 1; r <= 30; r++) fb.getCell(r, 1).value = `cũ ${r}`;
  fb.mergeCells('A41:C41');
  fb.pageSetup.printArea = 'A1:C30';
  if (options.feedbackNote) fb.getCell('A1').note = 'ghi chú cũ';
  wb.definedNames.add('NTM!$A$2:$A$3', 'DanhSachXa');
  wb.definedNames.add(`'${fb.name}'!$A$1`, 'KetQuaCu');
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A feedback tab with every kind of TabCell. */
function feedbackTab(name = FEEDBACK, marker = 'lần 1'): TabWrite {
  return {
    name,
    rows: [
      [{ value: `KẾT QUẢ KIỂM TRA - ${marker}`, style: 'title' }],
      ['Kiểm tra lúc: 15/10/2024'],
      [],
      [{ value: 'Trang tính', style: 'header' }, 'Ô', 'Giá trị đã đọc', 'Mức độ', 'Số', 'Tỷ lệ', 'Thập phân'],
      [
        'NTM',
        'C5',
        '=SUM(A1)',
        { value: 'Lỗi', style: 'error' },
        { value: 1955, format: 'int' },
        { value: 26.61, format: 'percent' },
        { value: 13.8, format: 'decimal' },
      ],
      ['NTM', 'C6', '+84 912', { value: 'Cảnh báo', style: 'warning' }, 7, null, null],
      ['NTM', 'C7', '@x', { value: 'Đạt', style: 'ok' }],
      ['NTM', 'C8', '<&>"\'', null, null],
      ['NTM', 'C9', 'a\u0007b\u0000c'],
    ],
    widths: [14, 8, 30, 12],
    headerRow: 4,
  };
}

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

function entryText(bytes: Buffer, name: string): string {
  const raw = readZipEntry(bytes, name);
  if (raw === undefined) throw new Error(`no ${name}`);
  return raw.toString('utf8');
}

/** Entry names whose stored (compressed) bytes differ between two archives, plus added and removed ones. */
function changedEntries(before: Buffer, after: Buffer): { changed: string[]; added: string[]; removed: string[] } {
  const a = new Map((readZipParts(before) ?? []).map((p) => [p.entry.name.toString('utf8'), p]));
  const b = new Map((readZipParts(after) ?? []).map((p) => [p.entry.name.toString('utf8'), p]));
  const changed: string[] = [];
  for (const [name, p] of a) {
    const q = b.get(name);
    if (q && (!q.data.equals(p.data) || q.entry.method !== p.entry.method || q.entry.crc !== p.entry.crc)) changed.push(name);
  }
  return {
    changed: changed.sort(),
    added: [...b.keys()].filter((n) => !a.has(n)).sort(),
    removed: [...a.keys()].filter((n) => !b.has(n)).sort(),
  };
}

function edit(bytes: Buffer, tabs: TabWrite[]): Buffer {
  const out = writeTabsIntoPackage(bytes, tabs);
  if (out === undefined) throw new Error('the package edit fell back');
  return out;
}

function sheetOf(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no tab ${name}`);
  return ws;
}

/** Count attributes of styles.xml sections agree with their elements. */
function expectConsistentCounts(styles: string): void {
  for (const [section, item] of [
    ['fonts', 'font'],
    ['fills', 'fill'],
    ['borders', 'border'],
    ['cellXfs', 'xf'],
    ['numFmts', 'numFmt'],
  ] as const) {
    const m = new RegExp(`<${section} count="(\\d+)"[^>]*>([\\s\\S]*?)</${section}>`).exec(styles);
    if (!m) continue;
    const items = (m[2] ?? '').match(new RegExp(`<${item}[\\s/>]`, 'g')) ?? [];
    expect(items.length, section).toBe(Number(m[1]));
  }
}

describe('writeTabsIntoPackage: replacing the feedback tab', () => {
  it('keeps every original cell, dropdown, protection, freeze, merge, style and name, and writes the new tab right', async () => {
    const original = await staffWorkbook();
    const wb = await load(edit(original, [feedbackTab()]));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['NTM', 'Hướng dẫn', FEEDBACK]);

    const ntm = sheetOf(wb, 'NTM');
    expect(ntm.getCell('A2').value).toBe('06001');
    expect(ntm.getCell('A2').numFmt).toBe('@');
    expect(ntm.getCell('D2').value).toBe(1955);
    expect(ntm.getCell('D2').numFmt).toBe('#,##0');
    expect(ntm.getCell('C3').value).toBe('Chưa đạt');
    expect(ntm.getCell('D4').value).toEqual({ formula: 'SUM(D2:D3)', result: 3995 });
    expect(ntm.getCell('C2').dataValidation).toMatchObject({ type: 'list', formulae: ['"Đạt,Chưa đạt"'] });
    expect(ntm.getCell('C3').dataValidation).toMatchObject({ type: 'list', formulae: ['"Đạt,Chưa đạt"'] });
    expect(ntm.getCell('C2').protection).toMatchObject({ locked: false });
    expect((ntm as unknown as { sheetProtection: unknown }).sheetProtection).toMatchObject({ sheet: true, formatColumns: true, sort: true, autoFilter: true });
    expect(ntm.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 1 });
    expect(ntm.getCell('C5').isMerged).toBe(true);
    expect(ntm.getCell('A5').value).toBe('Ghi chú của xã');
    expect(ntm.getCell('A1').font).toMatchObject({ bold: true, color: { argb: 'FFFF0000' } });
    expect(ntm.getCell('B2').fill).toMatchObject({ fgColor: { argb: 'FFFFFF00' } });
    expect(ntm.getColumn(2).width).toBe(33);
    expect(wb.definedNames.getNames('NTM!A3')).toEqual(['DanhSachXa']);
    const guide = sheetOf(wb, 'Hướng dẫn');
    expect(guide.getCell('A1').font).toMatchObject({ italic: true, size: 16 });
    expect(guide.getCell('A2').border?.bottom).toMatchObject({ style: 'double', color: { argb: 'FF0000FF' } });

    const fb = sheetOf(wb, FEEDBACK);
    expect(fb.rowCount).toBe(9);
    expect(fb.getCell('A1').value).toBe('KẾT QUẢ KIỂM TRA - lần 1');
    expect(fb.getCell('A1').font).toMatchObject({ bold: true, size: 14 });
    expect(fb.getCell('A4').font?.bold).toBe(true);
    expect(fb.getCell('A4').fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } });
    // Plain strings of the header row get the header look too.
    expect(fb.getCell('C4').font?.bold).toBe(true);
    expect(fb.getCell('C4').fill).toMatchObject({ fgColor: { argb: 'FFDDEBF7' } });
    expect(fb.getCell('C4').border?.top).toMatchObject({ style: 'thin', color: { argb: 'FF9E9E9E' } });
    expect(fb.getCell('C4').alignment).toMatchObject({ wrapText: true, horizontal: 'center', vertical: 'middle' });
    expect(fb.getCell('A5').font?.bold).toBeFalsy();
    expect(fb.getCell('D5').fill).toMatchObject({ fgColor: { argb: 'FFF8CBAD' } });
    expect(fb.getCell('D6').fill).toMatchObject({ fgColor: { argb: 'FFFFE699' } });
    expect(fb.getCell('D7').fill).toMatchObject({ fgColor: { argb: 'FFC6EFCE' } });
    expect(fb.getCell('E5').value).toBe(1955);
    expect(fb.getCell('E5').numFmt).toBe('[$-42A]#,##0');
    expect(fb.getCell('F5').value).toBe(26.61);
    expect(fb.getCell('F5').numFmt).toBe('[$-42A]0.00"%"');
    expect(fb.getCell('G5').value).toBe(13.8);
    expect(fb.getCell('G5').numFmt).toBe('[$-42A]#,##0.00');
    expect(fb.getCell('E6').value).toBe(7);
    expect(fb.views[0]).toMatchObject({ state: 'frozen', ySplit: 4, topLeftCell: 'A5' });
    expect(fb.getColumn(1).width).toBe(14);
    expect(fb.getColumn(3).width).toBe(30);
    expect(fb.autoFilter).toBe('A4:G4');
    // Nothing of the old content is left: rows past the new ones, merges.
    expect(fb.getCell('A10').value).toBeNull();
    expect(fb.getCell('A30').value).toBeNull();
    expect(fb.getCell('B41').isMerged).toBe(false);
  });

  it('copies every untouched entry byte for byte and changes only the tab, the styles and the stale print area', async () => {
    const original = await staffWorkbook();
    const out = edit(original, [feedbackTab()]);
    const diff = changedEntries(original, out);
    expect(diff).toEqual({ changed: ['xl/styles.xml', 'xl/workbook.xml', FEEDBACK_PART].sort(), added: [], removed: [] });
    // The print area described the old content of the replaced tab; the workbook-level name stays.
    expect(entryText(original, 'xl/workbook.xml')).toContain('_xlnm.Print_Area');
    const workbook = entryText(out, 'xl/workbook.xml');
    expect(workbook).not.toContain('_xlnm.Print_Area');
    expect(workbook).toContain('DanhSachXa');
    expect(entryText(out, FEEDBACK_PART)).toContain('t="inlineStr"');
    expectConsistentCounts(entryText(out, 'xl/styles.xml'));
  });

  it('replaces the tab again without growing styles.xml or adding a tab', async () => {
    const first = edit(await staffWorkbook(), [feedbackTab()]);
    const second = edit(first, [feedbackTab(FEEDBACK, 'lần 2')]);
    expect(changedEntries(first, second)).toEqual({ changed: [FEEDBACK_PART], added: [], removed: [] });
    expect(entryText(second, 'xl/styles.xml')).toBe(entryText(first, 'xl/styles.xml'));
    const wb = await load(second);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['NTM', 'Hướng dẫn', FEEDBACK]);
    expect(sheetOf(wb, FEEDBACK).getCell('A1').value).toBe('KẾT QUẢ KIỂM TRA - lần 2');
    expect(sheetOf(wb, FEEDBACK).getCell('F5').numFmt).toBe('[$-42A]0.00"%"');
    // A third time through the gateway, from a file: still the same styles and three tabs.
    const dir = await mkdtemp(join(tmpdir(), 'xlsx-zw-'));
    try {
      await writeFile(join(dir, 'unit.xlsx'), second);
      await new XlsxWorkbookGateway({ dir }).writeTabs('unit.xlsx', [feedbackTab(FEEDBACK, 'lần 3')]);
      const third = await readFile(join(dir, 'unit.xlsx'));
      expect(changedEntries(second, third).changed).toEqual([FEEDBACK_PART]);
      expect(entryText(third, 'xl/styles.xml')).toBe(entryText(first, 'xl/styles.xml'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes strings as exactly their text: never formulas, escaped, without characters XML cannot carry', async () => {
    const out = edit(await staffWorkbook(), [feedbackTab()]);
    const fb = sheetOf(await load(out), FEEDBACK);
    expect(fb.getCell('C5').value).toBe('=SUM(A1)');
    expect(fb.getCell('C5').type).toBe(ExcelJS.ValueType.String);
    expect(fb.getCell('C5').formula).toBeUndefined();
    expect(fb.getCell('C6').value).toBe('+84 912');
    expect(fb.getCell('C7').value).toBe('@x');
    expect(fb.getCell('C8').value).toBe('<&>"\'');
    expect(fb.getCell('C9').value).toBe('abc');
    // And through the gateway's own reader.
    const dir = await mkdtemp(join(tmpdir(), 'xlsx-zw-'));
    try {
      await writeFile(join(dir, 'unit.xlsx'), out);
      const raw = await new XlsxWorkbookGateway({ dir }).read('unit.xlsx', [FEEDBACK]);
      expect(raw.sheets[0]?.rows.slice(4).map((r) => r[2])).toEqual(['=SUM(A1)', '+84 912', '@x', '<&>"\'', 'abc']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('matches the tab like the reader does (case, spacing, tone placement) and renames it as written', async () => {
    const variant = 'KẾT QỦA  kiểm TRA';
    const original = await staffWorkbook({ feedbackName: variant });
    // exceljs writes the apostrophes as &apos;.
    expect(entryText(original, 'xl/workbook.xml')).toContain(`&apos;${variant}&apos;!$A$1`);
    const out = edit(original, [feedbackTab()]);
    // A defined name that pointed into the tab follows the new name.
    const workbook = entryText(out, 'xl/workbook.xml');
    expect(workbook).toContain(`'${FEEDBACK}'!$A$1`);
    expect(workbook).not.toContain(variant);
    const wb = await load(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['NTM', 'Hướng dẫn', FEEDBACK]);
    expect(sheetOf(wb, FEEDBACK).getCell('A1').value).toBe('KẾT QUẢ KIỂM TRA - lần 1');
    expect(changedEntries(original, out).changed).toEqual(['xl/styles.xml', 'xl/workbook.xml', FEEDBACK_PART].sort());
  });

  it('removes what hung off the old tab (notes) and the calculation chain', async () => {
    const original = await staffWorkbook({ feedbackNote: true });
    // Give the package a calculation chain, as Excel writes one.
    const zip = await JSZip.loadAsync(original);
    zip.file(
      'xl/calcChain.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="D4" i="1"/></calcChain>',
    );
    const rels = (await zip.file('xl/_rels/workbook.xml.rels')?.async('string')) ?? '';
    zip.file(
      'xl/_rels/workbook.xml.rels',
      rels.replace(
        '</Relationships>',
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>',
      ),
    );
    const types = (await zip.file('[Content_Types].xml')?.async('string')) ?? '';
    zip.file(
      '[Content_Types].xml',
      types.replace(
        '</Types>',
        '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>',
      ),
    );
    const withChain = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const before = (readZipParts(withChain) ?? []).map((p) => p.entry.name.toString('utf8'));
    expect(before).toContain('xl/comments3.xml');
    expect(before).toContain('xl/worksheets/_rels/sheet3.xml.rels');

    const out = edit(withChain, [feedbackTab()]);
    const diff = changedEntries(withChain, out);
    expect(diff.removed).toEqual(['xl/calcChain.xml', 'xl/comments3.xml', 'xl/drawings/vmlDrawing3.vml', 'xl/worksheets/_rels/sheet3.xml.rels']);
    expect(diff.added).toEqual([]);
    const ct = entryText(out, '[Content_Types].xml');
    expect(ct).not.toContain('calcChain');
    expect(ct).not.toContain('comments3');
    expect(entryText(out, 'xl/_rels/workbook.xml.rels')).not.toContain('calcChain');
    const wb = await load(out);
    expect(sheetOf(wb, FEEDBACK).getCell('A1').note).toBeUndefined();
    expect(sheetOf(wb, 'NTM').getCell('D4').value).toEqual({ formula: 'SUM(D2:D3)', result: 3995 });
  });
});

describe('writeTabsIntoPackage: adding a tab', () => {
  it('adds the tab last with a new sheet id, relationship and content type, touching nothing else', async () => {
    const original = await staffWorkbook();
    const out = edit(original, [{ name: 'Tổng hợp', rows: [['a', 1]] }]);
    const diff = changedEntries(original, out);
    expect(diff.changed).toEqual(['[Content_Types].xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml']);
    expect(diff.added).toEqual(['xl/worksheets/sheet4.xml']);
    expect(diff.removed).toEqual([]);
    const workbook = entryText(out, 'xl/workbook.xml');
    // The added tab's element, and the print area of the untouched feedback tab kept.
    expect(workbook).toMatch(/<sheet name="Tổng hợp" sheetId="4" r:id="rId\d+"\/><\/sheets>/);
    expect(workbook).toContain('_xlnm.Print_Area');
    expect(entryText(out, '[Content_Types].xml')).toContain(
      '<Override PartName="/xl/worksheets/sheet4.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>',
    );
    const wb = await load(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['NTM', 'Hướng dẫn', FEEDBACK, 'Tổng hợp']);
    expect(sheetOf(wb, 'Tổng hợp').getRow(1).values).toEqual([undefined, 'a', 1]);
    expect(sheetOf(wb, FEEDBACK).getCell('A30').value).toBe('cũ 30');
  });

  it('adds several tabs in one write, each with its own part, and replaces one in the same write', async () => {
    const out = edit(await staffWorkbook(), [{ name: 'Một', rows: [['1']] }, feedbackTab(), { name: 'Hai', rows: [['2']] }]);
    const wb = await load(out);
    expect(wb.worksheets.map((w) => [w.name, w.getCell('A1').value])).toEqual([
      ['NTM', 'Mã xã'],
      ['Hướng dẫn', 'Hướng dẫn nhập liệu'],
      [FEEDBACK, 'KẾT QUẢ KIỂM TRA - lần 1'],
      ['Một', '1'],
      ['Hai', '2'],
    ]);
    const workbook = entryText(out, 'xl/workbook.xml');
    expect([...workbook.matchAll(/sheetId="(\d+)"/g)].map((m) => m[1])).toEqual(['1', '2', '3', '4', '5']);
  });

  it.skipIf(!hasUnzip)('produces archives unzip checks without errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'xlsx-zw-'));
    try {
      const edited = edit(edit(await staffWorkbook({ feedbackNote: true }), [feedbackTab()]), [{ name: 'Mới', rows: [['x']] }]);
      await writeFile(join(dir, 'edited.xlsx'), edited);
      const created = await buildNewWorkbook([feedbackTab(), { name: 'Khác', rows: [] }]);
      await writeFile(join(dir, 'new.xlsx'), created ?? Buffer.alloc(0));
      for (const f of ['edited.xlsx', 'new.xlsx']) expect(execFileSync('unzip', ['-t', join(dir, f)], { encoding: 'utf8' })).toContain('No errors detected');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('writeTabsIntoPackage: packages it leaves to exceljs', () => {
  async function rewrite(bytes: Buffer, name: string, change: (xml: string) => string): Promise<Buffer> {
    const zip = await JSZip.loadAsync(bytes);
    zip.file(name, change((await zip.file(name)?.async('string')) ?? ''));
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  }

  it('returns undefined for Strict XML, a DOCTYPE, a chart sheet of that name, a bad tab name or no archive', async () => {
    const original = await staffWorkbook();
    const doctype = await rewrite(original, 'xl/workbook.xml', (xml) => xml.replace('<workbook ', '<!DOCTYPE workbook><workbook '));
    expect(writeTabsIntoPackage(doctype, [feedbackTab()])).toBeUndefined();
    const strict = await rewrite(original, 'xl/workbook.xml', (xml) =>
      xml.replace('http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main'),
    );
    expect(writeTabsIntoPackage(strict, [feedbackTab()])).toBeUndefined();
    const chart = await rewrite(original, 'xl/_rels/workbook.xml.rels', (xml) =>
      xml.replace(/(Type="[^"]*)\/worksheet("[^>]*Target="worksheets\/sheet3\.xml")/, '$1/chartsheet$2'),
    );
    expect(entryText(chart, 'xl/_rels/workbook.xml.rels')).toContain('/chartsheet');
    expect(writeTabsIntoPackage(chart, [feedbackTab()])).toBeUndefined();
    expect(writeTabsIntoPackage(original, [{ name: 'a/b', rows: [] }])).toBeUndefined();
    expect(writeTabsIntoPackage(Buffer.from('not a zip'), [feedbackTab()])).toBeUndefined();
  });

  it('the gateway then writes with exceljs', async () => {
    const original = await staffWorkbook();
    // A document type declaration: XML that exceljs reads, but OOXML forbids and the edit refuses.
    const odd = await rewrite(original, 'xl/styles.xml', (xml) => xml.replace('<styleSheet ', '<!DOCTYPE styleSheet><styleSheet '));
    expect(writeTabsIntoPackage(odd, [feedbackTab()])).toBeUndefined();
    const dir = await mkdtemp(join(tmpdir(), 'xlsx-zw-'));
    try {
      await writeFile(join(dir, 'unit.xlsx'), odd);
      await new XlsxWorkbookGateway({ dir }).writeTabs('unit.xlsx', [feedbackTab()]);
      const written = await readFile(join(dir, 'unit.xlsx'));
      // exceljs re-serialised the stylesheet with its own spelling.
      expect(entryText(written, 'xl/styles.xml')).not.toContain('DOCTYPE');
      const wb = await load(written);
      expect(sheetOf(wb, FEEDBACK).getCell('C5').value).toBe('=SUM(A1)');
      expect(sheetOf(wb, 'NTM').getCell('C2').dataValidation).toMatchObject({ type: 'list' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('styles and worksheet XML', () => {
  it('appends the looks to a stylesheet once and finds them again however they are spelled', () => {
    const base = baseStylesXml();
    const first = ensureTabStyles(base);
    if (!first) throw new Error('no styles');
    expect(first.xml).not.toBe(base);
    expectConsistentCounts(first.xml);
    // Every look has a cell format of its own (18 since the summary gained dates, headings, wrapping and indentation).
    expect(new Set(Object.values(first.ids)).size).toBe(Object.keys(first.ids).length);
    expect(Object.keys(first.ids)).toHaveLength(18);
    const again = ensureTabStyles(first.xml);
    expect(again?.xml).toBe(first.xml);
    expect(again?.ids).toEqual(first.ids);
    // As another program might spell the same elements: other attribute order, start+end tags.
    const respelled = first.xml
      .replace('<font><b/></font>', '<font><b></b></font>')
      .replace(
        /<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"\/>/,
        '<xf applyNumberFormat="1" xfId="0" borderId="0" fillId="0" fontId="0" numFmtId="3"></xf>',
      );
    expect(respelled).not.toBe(first.xml);
    expect(ensureTabStyles(respelled)?.xml).toBe(respelled);
    expect(canonicalKey('<fill><patternFill patternType="solid"><fgColor rgb="FF000000"/></patternFill></fill>')).toBe(
      canonicalKey("<fill>\n  <patternFill patternType='solid'><fgColor rgb='FF000000'></fgColor></patternFill>\n</fill>"),
    );
  });

  it('renders impossible numbers as #NUM! and protects Excel escapes in text', () => {
    const styles = ensureTabStyles(baseStylesXml());
    if (!styles) throw new Error('no styles');
    const xml = renderWorksheetXml({ name: 'x', rows: [[Number.NaN, { value: Number.POSITIVE_INFINITY, format: 'int' }, '_x0041_', ' a\nb ']] }, styles.ids);
    expect(xml).toContain('<c r="A1" t="e"><v>#NUM!</v></c>');
    expect(xml).toContain(`<c r="B1" s="${styles.ids.int}" t="e"><v>#NUM!</v></c>`);
    // Excel reads `_x0041_` in cell text as "A"; the escaped underscore keeps it literal.
    expect(xml).toContain('<t>_x005F_x0041_</t>');
    expect(xml).toContain('<t xml:space="preserve"> a\nb </t>');
    expect(xml).not.toContain('<sheetView tabSelected');
  });
});

describe('XlsxWorkbookGateway with the package edit', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xlsx-zw-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a whole new workbook that exceljs reads back with every look', async () => {
    const gw = new XlsxWorkbookGateway({ dir });
    await gw.writeTabs('out/summary.xlsx', [feedbackTab('Tổng hợp'), { name: 'Cảnh báo', rows: [['x', 1]] }]);
    const bytes = await readFile(join(dir, 'out', 'summary.xlsx'));
    expect(readZipEntry(bytes, 'xl/sharedStrings.xml')).toBeUndefined();
    const wb = await load(bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Cảnh báo']);
    const ws = sheetOf(wb, 'Tổng hợp');
    expect(ws.getCell('C5').value).toBe('=SUM(A1)');
    expect(ws.getCell('F5').numFmt).toBe('[$-42A]0.00"%"');
    expect(ws.getCell('A4').fill).toMatchObject({ fgColor: { argb: 'FFDDEBF7' } });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    // The first tab is the active one, and only it is selected.
    expect(entryText(bytes, 'xl/worksheets/sheet1.xml')).toContain('tabSelected="1"');
    expect(entryText(bytes, 'xl/worksheets/sheet2.xml')).not.toContain('tabSelected');
    // Written over with every tab: still the same package shape.
    await gw.writeTabs('out/summary.xlsx', [{ name: 'Cảnh báo', rows: [['y']] }, feedbackTab('Tổng hợp', 'lần 2')]);
    const again = await load(await readFile(join(dir, 'out', 'summary.xlsx')));
    expect(again.worksheets.map((w) => [w.name, w.getCell('A1').value])).toEqual([
      ['Tổng hợp', 'KẾT QUẢ KIỂM TRA - lần 2'],
      ['Cảnh báo', 'y'],
    ]);
  });
});
