import { execFile, spawnSync } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleTempFiles, replaceWorkbookFile, writeRefusalOf } from '../../shared/adapters/xlsx/workbook-file-replace.js';
import { XlsxWorkbookGateway } from '../../shared/adapters/xlsx/xlsx-gateway.js';
import { assertTabsKept } from '../../shared/adapters/xlsx/xlsx-tabs-kept.js';
import { WorkbookChangedError, WorkbookUnreadableError, WorkbookWriteError, type TabWrite } from '../../shared/ports/workbook-gateway.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xlsx-safe-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const FEEDBACK: TabWrite = { name: 'Kết quả kiểm tra', rows: [['mới']] };
const isRoot = process.getuid?.() === 0;

async function unitWorkbook(name = 'unit.xlsx'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('NTM').getCell('A1').value = 'Mã xã';
  wb.addWorksheet('Giảm nghèo').getCell('A1').value = 'Tổng số hộ';
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  await writeFile(join(dir, name), bytes);
  return bytes;
}

async function tabsOf(name: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile(join(dir, name))) as unknown as ArrayBuffer);
  return wb.worksheets.map((w) => w.name);
}

const caught = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('write-back safety', () => {
  it('read() reports the version of the bytes it read; a write with that version after staff saved writes nothing', async () => {
    await unitWorkbook();
    const gw = new XlsxWorkbookGateway({ dir });
    const raw = await gw.read('unit.xlsx', ['NTM']);
    const s = await stat(join(dir, 'unit.xlsx'));
    expect(raw.version).toBe(`${s.size}:${s.mtimeMs}`);
    expect(raw.version).toBe((await gw.stat(['unit.xlsx'])).get('unit.xlsx')?.version);

    // Staff save between the read and the write.
    const staff = new ExcelJS.Workbook();
    staff.addWorksheet('NTM').getCell('A1').value = 'đã sửa';
    await staff.xlsx.writeFile(join(dir, 'unit.xlsx'));
    const saved = await readFile(join(dir, 'unit.xlsx'));
    const error = await caught(gw.writeTabs('unit.xlsx', [FEEDBACK], { expectedVersion: raw.version }));
    expect(error).toBeInstanceOf(WorkbookChangedError);
    expect(await readFile(join(dir, 'unit.xlsx'))).toEqual(saved);
    expect(await readdir(dir)).toEqual(['unit.xlsx']);

    // With the current version the write goes through.
    const now = await gw.read('unit.xlsx', ['NTM']);
    await gw.writeTabs('unit.xlsx', [FEEDBACK], { expectedVersion: now.version });
    expect(await tabsOf('unit.xlsx')).toEqual(['NTM', 'Kết quả kiểm tra']);
  });

  it('checks the version again just before the rename: a save during the write wins', async () => {
    await unitWorkbook();
    const path = join(dir, 'unit.xlsx');
    const s = await stat(path);
    const error = await caught(
      replaceWorkbookFile(path, 'unit.xlsx', { expectedVersion: `${s.size}:${s.mtimeMs}` }, async (tmp) => {
        await writeFile(tmp, 'ours');
        await writeFile(path, 'staff saved meanwhile');
      }),
    );
    expect(error).toBeInstanceOf(WorkbookChangedError);
    expect(await readFile(path, 'utf8')).toBe('staff saved meanwhile');
    expect(await readdir(dir)).toEqual(['unit.xlsx']);
  });

  it('keeps the file mode, and the owner and group where the process may set them', async () => {
    await unitWorkbook();
    const path = join(dir, 'unit.xlsx');
    await chmod(path, 0o666);
    if (isRoot) await chown(path, 1234, 4321);
    await new XlsxWorkbookGateway({ dir }).writeTabs('unit.xlsx', [FEEDBACK]);
    const after = await stat(path);
    expect(after.mode & 0o7777).toBe(0o666);
    if (isRoot) expect([after.uid, after.gid]).toEqual([1234, 4321]);
    expect(await tabsOf('unit.xlsx')).toEqual(['NTM', 'Giảm nghèo', 'Kết quả kiểm tra']);
  });

  it('does not replace a read-only file, even as root', async () => {
    const bytes = await unitWorkbook();
    const path = join(dir, 'unit.xlsx');
    await chmod(path, 0o444);
    const error = await caught(new XlsxWorkbookGateway({ dir }).writeTabs('unit.xlsx', [FEEDBACK]));
    expect(error).toBeInstanceOf(WorkbookWriteError);
    expect((error as WorkbookWriteError).kind).toBe('read_only');
    expect((error as WorkbookWriteError).reason).toBe('tệp chỉ đọc');
    expect(await readFile(path)).toEqual(bytes);
    expect(await readdir(dir)).toEqual(['unit.xlsx']);
  });

  it.skipIf(!isRoot)('reports a folder it may not write as a permission refusal, leaving nothing behind', async () => {
    const bytes = await unitWorkbook();
    const path = join(dir, 'unit.xlsx');
    // Writable by anyone (so not read-only), in a folder only root may write.
    await chmod(path, 0o666);
    await chmod(dir, 0o755);
    const script = fileURLToPath(new URL('./xlsx-write-child.fixture.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, path], { encoding: 'utf8', uid: 65534, gid: 65534 });
    expect(JSON.parse(stdout.trim().split('\n').pop() ?? '{}')).toEqual({
      name: 'WorkbookWriteError',
      kind: 'permission',
      reason: 'không có quyền ghi vào tệp hoặc thư mục',
    });
    expect(await readFile(path)).toEqual(bytes);
    expect(await readdir(dir)).toEqual(['unit.xlsx']);
  });

  it('maps locks and other failures to their refusal kinds', () => {
    const err = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });
    expect(writeRefusalOf(err('EACCES'))).toEqual({ kind: 'permission', reason: 'không có quyền ghi vào tệp hoặc thư mục' });
    expect(writeRefusalOf(err('EPERM')).kind).toBe('permission');
    expect(writeRefusalOf(err('EBUSY'))).toEqual({ kind: 'busy', reason: 'tệp đang được mở bởi chương trình khác' });
    expect(writeRefusalOf(err('ETXTBSY')).kind).toBe('busy');
    expect(writeRefusalOf(err('ENOSPC'))).toEqual({ kind: 'io', reason: 'lỗi khi ghi tệp (ENOSPC)' });
  });

  it('removes temporary files of runs that were killed, and keeps those of live ones', async () => {
    await unitWorkbook();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const names = {
      dead: `.unit.xlsx.${dead}.0badc0de.tmp`,
      live: `.unit.xlsx.${process.pid}.cafebabe.tmp`,
      old: `.unit.xlsx.${process.pid}.deadbeef.tmp`,
      other: '.unit.xlsx.notours.tmp',
    };
    for (const n of Object.values(names)) await writeFile(join(dir, n), 'half a workbook');
    const hoursAgo = (Date.now() - 2 * 60 * 60 * 1000) / 1000;
    await utimes(join(dir, names.old), hoursAgo, hoursAgo);
    await new XlsxWorkbookGateway({ dir }).writeTabs('unit.xlsx', [FEEDBACK]);
    expect((await readdir(dir)).sort()).toEqual([names.live, names.other, 'unit.xlsx'].sort());
    expect(await removeStaleTempFiles(join(dir, 'absent'))).toEqual([]);
  });

  it('refuses to write a package that lost a tab of the original', async () => {
    await unitWorkbook();
    const only = new ExcelJS.Workbook();
    only.addWorksheet('Kết quả kiểm tra');
    const written = Buffer.from(await only.xlsx.writeBuffer());
    expect(() => assertTabsKept('unit.xlsx', ['NTM', 'Kết quả kiểm tra'], written)).toThrow(/mất trang tính "NTM"/);
    expect(() => assertTabsKept('unit.xlsx', ['kết quả  KIỂM TRA'], written)).not.toThrow();
    expect(() => assertTabsKept('unit.xlsx', ['NTM'], Buffer.from('not a zip'))).toThrow(WorkbookWriteError);
  });

  it('refuses the exceljs fallback when it would drop a chart sheet, the file untouched', async () => {
    const zip = await JSZip.loadAsync(await unitWorkbook());
    const edit = async (name: string, change: (xml: string) => string): Promise<void> => {
      zip.file(name, change((await zip.file(name)?.async('string')) ?? ''));
    };
    await edit('xl/workbook.xml', (x) => x.replace('</sheets>', '<sheet name="Biểu đồ" sheetId="9" r:id="rId99"/></sheets>'));
    await edit('xl/_rels/workbook.xml.rels', (x) =>
      x.replace(
        '</Relationships>',
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>',
      ),
    );
    zip.file(
      'xl/chartsheets/sheet1.xml',
      '<chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>',
    );
    // A DOCTYPE keeps the package editor out: the write goes to exceljs, which drops chart sheets.
    await edit('xl/styles.xml', (x) => x.replace('<styleSheet ', '<!DOCTYPE styleSheet><styleSheet '));
    const bytes = await zip.generateAsync({ type: 'nodebuffer' });
    await writeFile(join(dir, 'unit.xlsx'), bytes);
    const error = await caught(new XlsxWorkbookGateway({ dir }).writeTabs('unit.xlsx', [FEEDBACK]));
    expect(error).toBeInstanceOf(WorkbookWriteError);
    expect((error as WorkbookWriteError).kind).toBe('io');
    expect((error as WorkbookWriteError).reason).toMatch(/mất trang tính "Biểu đồ"/);
    expect(await readFile(join(dir, 'unit.xlsx'))).toEqual(bytes);
    expect(await readdir(dir)).toEqual(['unit.xlsx']);
  });
});

describe('damaged packages', () => {
  it('a package without xl/workbook.xml is unreadable from read() and writeTabs(), never a TypeError', async () => {
    const zip = await JSZip.loadAsync(await unitWorkbook());
    zip.remove('xl/workbook.xml');
    const bytes = await zip.generateAsync({ type: 'nodebuffer' });
    await writeFile(join(dir, 'unit.xlsx'), bytes);
    const gw = new XlsxWorkbookGateway({ dir });
    for (const attempt of [() => gw.read('unit.xlsx', ['NTM']), () => gw.writeTabs('unit.xlsx', [FEEDBACK])]) {
      const error = await caught(attempt());
      expect(error).toBeInstanceOf(WorkbookUnreadableError);
      expect((error as WorkbookUnreadableError).reason).toMatch(/thiếu phần xl\/workbook\.xml/);
    }
    expect(await readFile(join(dir, 'unit.xlsx'))).toEqual(bytes);
  });

  it('a workbook part exceljs cannot model is unreadable, not a crash', async () => {
    const zip = await JSZip.loadAsync(await unitWorkbook());
    // Valid XML, but no <workbook> root: exceljs finds no workbook properties (date1904...).
    zip.file('xl/workbook.xml', '<?xml version="1.0"?><other/>');
    await writeFile(join(dir, 'unit.xlsx'), await zip.generateAsync({ type: 'nodebuffer' }));
    const gw = new XlsxWorkbookGateway({ dir });
    for (const attempt of [() => gw.read('unit.xlsx', ['NTM']), () => gw.writeTabs('unit.xlsx', [FEEDBACK])]) {
      const error = await caught(attempt());
      expect(error).toBeInstanceOf(WorkbookUnreadableError);
      expect((error as WorkbookUnreadableError).reason).toMatch(/bị hỏng/);
    }
  });

  it('a folder in place of a file is unreadable with a reason', async () => {
    await mkdir(join(dir, 'unit.xlsx'));
    const error = await caught(new XlsxWorkbookGateway({ dir }).read('unit.xlsx', ['NTM']));
    expect(error).toBeInstanceOf(WorkbookUnreadableError);
    expect((error as WorkbookUnreadableError).reason).toBe('đây là một thư mục, không phải tệp');
  });
});
