import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MARK_AUTHOR } from '../../shared/adapters/xlsx/xlsx-comments.js';
import { XlsxWorkbookGateway } from '../../shared/adapters/xlsx/xlsx-gateway.js';
import { MARK_ARGB } from '../../shared/adapters/xlsx/xlsx-mark-styles.js';
import type { CellMark, CellMarks, TabWrite } from '../../shared/ports/workbook-gateway.js';

/**
 * Error marks in .xlsx files, written by the gateway's package edit and read back three ways: the
 * package's own parts (the cell's `s`, styles, comments, VML), exceljs, and the values the
 * pipeline reads.
 */

const YELLOW: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
const FEEDBACK: TabWrite = { name: 'Kết quả kiểm tra', rows: [['Kiểm tra lúc: ...'], ['Trang tính', 'Ô']], headerRow: 2 };
const mark = (cell: string, note: string): CellMark => ({ tab: 'NTM', cell, note });

/** A unit workbook as staff leave it: a yellow cell, a note of theirs, a number format, blank cells. */
async function staffWorkbook(path: string, withStaffNote = true): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ntm = wb.addWorksheet('NTM');
  ntm.getRow(1).values = ['Mã xã', 'Tên xã', 'TC1', 'Số hộ'];
  ntm.getRow(2).values = ['06001', 'Xã Tân Thanh', 'Đạt', 1955];
  ntm.getRow(3).values = ['06002', 'Xã Tân Lập', 'đạt lắm', '1,955'];
  ntm.getRow(4).values = ['06003', 'Xã Tân Hoà'];
  ntm.getCell('B2').fill = YELLOW;
  ntm.getCell('D2').numFmt = '#,##0';
  ntm.getCell('D2').font = { bold: true, color: { argb: 'FF0000FF' } };
  if (withStaffNote) ntm.getCell('C3').note = 'Xã đang rà soát lại';
  wb.addWorksheet('Hướng dẫn').getCell('A1').value = 'Hướng dẫn';
  await wb.xlsx.writeFile(path);
}

async function parts(path: string): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(await readFile(path));
  const out = new Map<string, string>();
  for (const name of Object.keys(zip.files)) {
    const file = zip.file(name);
    if (file) out.set(name, await file.async('string'));
  }
  return out;
}

/** The `s` of a cell in the first sheet's XML (undefined: the cell is not written, or has none). */
function styleIndex(sheetXml: string, cell: string): number | undefined {
  const tag = new RegExp(`<c r="${cell}"[^>]*>`).exec(sheetXml)?.[0];
  const s = tag === undefined ? undefined : /\bs="(\d+)"/.exec(tag)?.[1];
  // A cell written without `s` has format 0.
  return tag === undefined ? undefined : Number(s ?? 0);
}

async function exceljsSheet(path: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet('NTM');
  if (!ws) throw new Error('NTM missing');
  return ws;
}

const noteText = (cell: ExcelJS.Cell): string | undefined => {
  const note = cell.note;
  if (note === undefined) return undefined;
  return typeof note === 'string' ? note : note.texts?.map((t) => t.text).join('');
};
const fgArgb = (cell: ExcelJS.Cell): string | undefined => (cell.fill?.type === 'pattern' ? cell.fill.fgColor?.argb : undefined);

describe('cell marks in an .xlsx', () => {
  let dir: string;
  let gw: XlsxWorkbookGateway;
  const ref = 'units/a.xlsx';
  const path = (): string => join(dir, ref);
  const write = async (marks: CellMarks): Promise<void> => {
    const raw = await gw.read(ref, ['NTM']);
    await gw.writeTabs(ref, [FEEDBACK], { marks, ...(raw.version === undefined ? {} : { expectedVersion: raw.version }) });
  };
  const SET: CellMark[] = [
    mark('D2', 'Số hộ: ví dụ lỗi trên ô có định dạng số.'),
    mark('B2', 'Tên xã: lỗi trên ô staff tô vàng.'),
    mark('C3', 'TC1: "đạt lắm" không phải là kết quả tiêu chí hợp lệ.'),
    mark('D3', 'Số hộ: "1,955" là 1955 hay 1,955?'),
    mark('D3', 'Số hộ: lỗi thứ hai trên cùng ô.'),
    mark('C4', 'TC1: Chưa nhập kết quả tiêu chí.'),
    mark('E9', 'Một ô ở dòng chưa có.'),
  ];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ntp-marks-'));
    await import('node:fs/promises').then((fs) => fs.mkdir(join(dir, 'units')));
    gw = new XlsxWorkbookGateway({ dir });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fills each error cell and notes its message, changing no value, number format or font', async () => {
    await staffWorkbook(path());
    const before = await gw.read(ref, ['NTM']);
    const original = await exceljsSheet(path());
    await write({ set: SET, clear: [] });

    const after = await gw.read(ref, ['NTM']);
    expect(after.sheets[0]?.rows.slice(0, 4)).toEqual(before.sheets[0]?.rows.slice(0, 4));
    const ws = await exceljsSheet(path());
    expect(fgArgb(ws.getCell('D2'))).toBe(MARK_ARGB);
    expect(ws.getCell('D2').numFmt).toBe('#,##0');
    expect(ws.getCell('D2').font).toEqual(original.getCell('D2').font);
    expect(ws.getCell('D2').value).toBe(1955);
    expect(noteText(ws.getCell('D2'))).toBe('Số hộ: ví dụ lỗi trên ô có định dạng số.');
    // Staff's yellow stays; the note marks the cell.
    expect(fgArgb(ws.getCell('B2'))).toBe('FFFFFF00');
    expect(noteText(ws.getCell('B2'))).toBe('Tên xã: lỗi trên ô staff tô vàng.');
    // Staff's note stays; the fill marks the cell.
    expect(noteText(ws.getCell('C3'))).toBe('Xã đang rà soát lại');
    expect(fgArgb(ws.getCell('C3'))).toBe(MARK_ARGB);
    expect(noteText(ws.getCell('D3'))).toBe('Số hộ: "1,955" là 1955 hay 1,955?\nSố hộ: lỗi thứ hai trên cùng ô.');
    // Blank cells, in a row that exists and in one that does not.
    for (const cell of ['C4', 'E9']) {
      expect(fgArgb(ws.getCell(cell))).toBe(MARK_ARGB);
      expect(ws.getCell(cell).value).toBeNull();
    }
    expect(noteText(ws.getCell('E9'))).toBe('Một ô ở dòng chưa có.');

    const p = await parts(path());
    const sheet = p.get('xl/worksheets/sheet1.xml') ?? '';
    expect(sheet.match(/<legacyDrawing /g)).toHaveLength(1);
    const comments = [...p].find(([n]) => /^xl\/comments\d+\.xml$/.test(n))?.[1] ?? '';
    expect(comments).toContain(`<author>${MARK_AUTHOR}</author>`);
    // Staff's note on C3 and ours on the five other cells (a cell holds one note: C3 keeps theirs).
    expect(comments.match(/<comment /g)).toHaveLength(6);
    const vml = [...p].find(([n]) => n.endsWith('.vml'))?.[1] ?? '';
    expect(vml.match(/ObjectType="Note"/g)).toHaveLength(6);
    expect(p.get('[Content_Types].xml')).toContain('spreadsheetml.comments+xml');
  });

  it('is idempotent: the same marks again leave the marked parts as they were', async () => {
    await staffWorkbook(path());
    await write({ set: SET, clear: [] });
    const once = await parts(path());
    await write({ set: SET, clear: [] });
    const twice = await parts(path());
    for (const name of [...once.keys()].filter((n) => n !== 'xl/worksheets/sheet3.xml')) expect(twice.get(name), name).toBe(once.get(name));
  });

  it("clears a fixed cell's mark: its own format back, our note gone, staff's note and colours kept", async () => {
    await staffWorkbook(path());
    const first = (await parts(path())).get('xl/worksheets/sheet1.xml') ?? '';
    await write({ set: SET, clear: [] });
    await write({ set: [mark('D3', 'Số hộ: "1,955" là 1955 hay 1,955?')], clear: SET.filter((m) => m.cell !== 'D3') });

    const sheet = (await parts(path())).get('xl/worksheets/sheet1.xml') ?? '';
    for (const cell of ['D2', 'B2', 'C3']) expect(styleIndex(sheet, cell), cell).toBe(styleIndex(first, cell));
    const ws = await exceljsSheet(path());
    expect(fgArgb(ws.getCell('D2'))).toBeUndefined();
    expect(ws.getCell('D2').numFmt).toBe('#,##0');
    expect(fgArgb(ws.getCell('B2'))).toBe('FFFFFF00');
    expect(noteText(ws.getCell('C3'))).toBe('Xã đang rà soát lại');
    expect(noteText(ws.getCell('D2'))).toBeUndefined();
    expect(noteText(ws.getCell('E9'))).toBeUndefined();
    expect(fgArgb(ws.getCell('E9'))).toBeUndefined();
    // Still wrong: still marked, with the one note it has now.
    expect(fgArgb(ws.getCell('D3'))).toBe(MARK_ARGB);
    expect(noteText(ws.getCell('D3'))).toBe('Số hộ: "1,955" là 1955 hay 1,955?');
    const vml = [...(await parts(path()))].find(([n]) => n.endsWith('.vml'))?.[1] ?? '';
    expect(vml.match(/ObjectType="Note"/g)).toHaveLength(2); // staff's and D3's
  });

  it('removes the notes parts it added once no note is left', async () => {
    await staffWorkbook(path(), false);
    const first = await parts(path());
    await write({ set: [mark('C3', 'TC1: sai.')], clear: [] });
    await write({ set: [], clear: [mark('C3', 'TC1: sai.')] });
    const p = await parts(path());
    expect([...p.keys()].filter((n) => /comments|\.vml/.test(n))).toEqual([]);
    expect(p.get('xl/worksheets/sheet1.xml')).not.toContain('legacyDrawing');
    expect(p.get('[Content_Types].xml')).not.toContain('comments+xml');
    expect(styleIndex(p.get('xl/worksheets/sheet1.xml') ?? '', 'C3')).toBe(styleIndex(first.get('xl/worksheets/sheet1.xml') ?? '', 'C3'));
  });

  it('keeps a note of ours that staff wrote into, taking only the colour away', async () => {
    await staffWorkbook(path(), false);
    await write({ set: [mark('C3', 'TC1: sai.')], clear: [] });
    // Staff add a line to the note, in Excel.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path());
    const zip = await JSZip.loadAsync(await readFile(path()));
    const name = Object.keys(zip.files).find((n) => /^xl\/comments\d+\.xml$/.test(n)) ?? '';
    const xml = (await zip.file(name)?.async('string')) ?? '';
    zip.file(name, xml.replace('TC1: sai.</t>', 'TC1: sai.\nĐã hỏi văn phòng, chờ trả lời.</t>'));
    await import('node:fs/promises').then(async (fs) => fs.writeFile(path(), await zip.generateAsync({ type: 'nodebuffer' })));
    await write({ set: [], clear: [mark('C3', 'TC1: sai.')] });
    const ws = await exceljsSheet(path());
    expect(noteText(ws.getCell('C3'))).toBe('TC1: sai.\nĐã hỏi văn phòng, chờ trả lời.');
    expect(fgArgb(ws.getCell('C3'))).toBeUndefined();
  });

  it('marks two tabs in one write, each with notes parts of its own', async () => {
    await staffWorkbook(path(), false);
    await write({ set: [mark('C3', 'TC1: sai.'), { tab: 'Hướng dẫn', cell: 'A2', note: 'Ô thứ hai.' }], clear: [] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path());
    const cell = (tab: string, at: string): ExcelJS.Cell => {
      const ws = wb.getWorksheet(tab);
      if (!ws) throw new Error(`${tab} missing`);
      return ws.getCell(at);
    };
    expect(noteText(cell('NTM', 'C3'))).toBe('TC1: sai.');
    expect(noteText(cell('Hướng dẫn', 'A2'))).toBe('Ô thứ hai.');
    const p = await parts(path());
    expect([...p.keys()].filter((n) => /^xl\/comments\d+\.xml$/.test(n))).toHaveLength(2);
    const vmls = [...p].filter(([n]) => n.endsWith('.vml')).map(([, x]) => /data="(\d+)"/.exec(x)?.[1]);
    expect(vmls).toHaveLength(2);
    expect(new Set(vmls).size).toBe(2);
  });

  it('leaves marks naming a tab that is not there, and writes the tab anyway', async () => {
    await staffWorkbook(path());
    await write({ set: [{ tab: 'Giảm nghèo', cell: 'C3', note: 'x' }], clear: [] });
    expect((await gw.read(ref, ['Kết quả kiểm tra'])).sheets).toHaveLength(1);
    expect([...(await parts(path())).keys()].filter((n) => /comments/.test(n))).toHaveLength(1); // staff's only
  });
});
