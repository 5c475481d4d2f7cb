import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { WorkbookNotFoundError, WorkbookUnreadableError } from '../../ports/workbook-gateway.js';
import { installValidationCap } from './exceljs-validation-cap.js';
import { readZipEntry, recompressStoredZip } from './zip-archive.js';
import { uniqueTabs } from './xlsx-package-edit.js';
import { buildNewWorkbook } from './xlsx-package-new.js';
import { writeNewWorkbook } from './xlsx-tab-writer.js';
import { decodeXml } from './xml-text.js';
import type { TabWrite } from '../../ports/workbook-gateway.js';

installValidationCap();

const errnoCode = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;

/** The first bytes of a zip archive (an .xlsx is one); anything else was never an .xlsx. */
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** The first bytes of an OLE2 compound file: a legacy .xls, or an .xlsx encrypted with a password. */
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** Why a buffer cannot be an .xlsx, in Vietnamese for staff, or undefined when it may be one. */
function formatProblem(buf: Buffer): string | undefined {
  if (buf.length === 0) return 'tệp rỗng (0 byte)';
  if (buf.subarray(0, 4).equals(OLE2_MAGIC)) return 'tệp là định dạng Excel cũ (.xls) hoặc được đặt mật khẩu mở tệp';
  if (!buf.subarray(0, 4).equals(ZIP_MAGIC)) return 'tệp không phải định dạng .xlsx';
  return undefined;
}

/**
 * Reads a workbook file's bytes, translating failures: an absent file is WorkbookNotFoundError,
 * anything else (permissions, a folder, not a zip) WorkbookUnreadableError with a reason staff
 * can act on.
 */
export async function readWorkbookBytes(path: string, ref: string): Promise<Buffer> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new WorkbookNotFoundError(ref, { cause: error });
    if (code === 'EISDIR') throw new WorkbookUnreadableError(ref, 'đây là một thư mục, không phải tệp', { cause: error });
    if (code === 'EACCES' || code === 'EPERM') throw new WorkbookUnreadableError(ref, 'không có quyền đọc tệp', { cause: error });
    throw new WorkbookUnreadableError(ref, `không đọc được tệp (${code ?? 'lỗi không rõ'})`, { cause: error });
  }
  const problem = formatProblem(buf);
  if (problem !== undefined) throw new WorkbookUnreadableError(ref, problem);
  return buf;
}

/** Loads workbook bytes with exceljs; a damaged archive or XML is WorkbookUnreadableError. */
export async function loadWorkbookBytes(buf: Buffer, ref: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer-like alias; at run time it reads a Node Buffer.
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new WorkbookUnreadableError(ref, `tệp .xlsx bị hỏng (${detail})`, { cause: error });
  }
  return wb;
}

/** Loads a workbook from disk (see readWorkbookBytes and loadWorkbookBytes for the errors). */
export async function loadWorkbookFile(path: string, ref: string): Promise<ExcelJS.Workbook> {
  return loadWorkbookBytes(await readWorkbookBytes(path, ref), ref);
}

/**
 * The tab names of an .xlsx in tab order, read from `xl/workbook.xml` without loading the
 * workbook; undefined when they cannot be read that way (the caller then loads it in full).
 */
export function sheetNamesOf(buf: Buffer): string[] | undefined {
  const xml = readZipEntry(buf, 'xl/workbook.xml')?.toString('utf8');
  if (xml === undefined) return undefined;
  const names: string[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?sheet\b[^>]*?\sname="([^"]*)"/g)) names.push(decodeXml(m[1] ?? ''));
  return names;
}

/**
 * Replaces `path` atomically: `write` fills a temporary file beside it, then a rename puts it in
 * place, so a reader (or staff opening the file) never sees a half-written workbook and a crash
 * leaves the old file intact.
 */
async function replaceAtomically(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await write(tmp);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Saves an in-memory workbook atomically. */
export async function saveWorkbookAtomic(wb: ExcelJS.Workbook, path: string): Promise<void> {
  // exceljs deflates in JavaScript at about the cost of building the workbook: write stored and
  // deflate natively instead (see zip-archive.ts); a run writes into every unit workbook.
  const stored = await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } });
  // exceljs types the result as an ArrayBuffer-like alias; at run time it is a Node Buffer.
  const data = recompressStoredZip(stored as unknown as Buffer);
  await replaceAtomically(path, (tmp) => writeFile(tmp, data));
}

/** Replaces `path` atomically with the given bytes (a package edited in memory). */
export async function saveBytesAtomic(path: string, data: Buffer): Promise<void> {
  await replaceAtomically(path, (tmp) => writeFile(tmp, data));
}

/**
 * Writes a new workbook of the given tabs atomically. The package is rendered directly (see
 * buildNewWorkbook), several times faster than exceljs' streaming writer; a tab name Excel refuses
 * goes to exceljs instead, which reports it as before.
 */
export async function saveNewWorkbookAtomic(path: string, tabs: readonly TabWrite[]): Promise<void> {
  // Two tabs with one name: the later replaces the earlier in its place, as in an existing workbook.
  const unique = uniqueTabs(tabs);
  const data = await buildNewWorkbook(unique);
  if (data !== undefined) await saveBytesAtomic(path, data);
  else await replaceAtomically(path, (tmp) => writeNewWorkbook(tmp, unique));
}
