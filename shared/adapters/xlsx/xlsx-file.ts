import { open, stat, writeFile, type FileHandle } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { WorkbookNotFoundError, WorkbookUnreadableError, WorkbookWriteError, type TabWrite, type WorkbookStat } from '../../ports/workbook-gateway.js';
import { excelPartNamesForExceljs } from './exceljs-part-names-shim.js';
import { unprefixedForExceljs } from './exceljs-prefix-shim.js';
import { installValidationCap } from './exceljs-validation-cap.js';
import { replaceWorkbookFile, workbookStatOf, type ReplaceGuard } from './workbook-file-replace.js';
import { uniqueTabs } from './xlsx-package-edit.js';
import { buildNewWorkbook } from './xlsx-package-new.js';
import { inflatePart, readZipParts, recompressStoredZip, writeZip, type ZipPart } from './zip-archive.js';
import { InflateBudget, MAX_WORKBOOK_INFLATED_BYTES, ZipInflateLimitError } from './zip-inflate-limits.js';

installValidationCap();

const errnoCode = (e: unknown): string | undefined => (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined);

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

/** An open-file or read failure, in words staff can act on. */
function readFailure(error: unknown, ref: string): Error {
  const code = errnoCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') return new WorkbookNotFoundError(ref, { cause: error });
  if (code === 'EISDIR') return new WorkbookUnreadableError(ref, 'đây là một thư mục, không phải tệp', { cause: error });
  if (code === 'EACCES' || code === 'EPERM') return new WorkbookUnreadableError(ref, 'không có quyền đọc tệp', { cause: error });
  if (code === 'EBUSY') return new WorkbookUnreadableError(ref, 'tệp đang được mở bởi chương trình khác', { cause: error });
  return new WorkbookUnreadableError(ref, `không đọc được tệp (${code ?? 'lỗi không rõ'})`, { cause: error });
}

/** A workbook file's bytes and the stat of exactly those bytes. */
export interface WorkbookBytes {
  bytes: Buffer;
  stat: WorkbookStat;
}

/** The bytes of an open file, when its size and modification time did not change while reading. */
async function readSteady(handle: FileHandle, ref: string): Promise<WorkbookBytes | undefined> {
  const before = await handle.stat();
  if (before.isDirectory()) throw new WorkbookUnreadableError(ref, 'đây là một thư mục, không phải tệp');
  if (!before.isFile()) throw new WorkbookUnreadableError(ref, 'đây không phải là một tệp thông thường');
  // One read of the size stat'ed (FileHandle.readFile reads in small chunks, several times slower).
  const bytes = Buffer.allocUnsafe(before.size);
  let filled = 0;
  while (filled < bytes.length) {
    const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
    if (bytesRead === 0) return undefined; // shorter than it was: changing
    filled += bytesRead;
  }
  const after = await handle.stat();
  const stat = workbookStatOf(after);
  return stat.version === workbookStatOf(before).version ? { bytes, stat } : undefined;
}

/**
 * Reads a workbook file's bytes with the version of exactly those bytes: the open file is stat'ed
 * before and after reading (a file replaced meanwhile is not the one read), and a file that
 * changed during the read (staff saving, a sync client copying) is read once more. Failures are
 * translated: an absent file is WorkbookNotFoundError, anything else (permissions, a folder, not
 * a zip, still changing) WorkbookUnreadableError with a reason staff can act on.
 */
export async function readWorkbookBytes(path: string, ref: string): Promise<WorkbookBytes> {
  for (let attempt = 0; attempt < 2; attempt++) {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      throw readFailure(error, ref);
    }
    let read: WorkbookBytes | undefined;
    try {
      read = await readSteady(handle, ref);
    } catch (error) {
      if (error instanceof WorkbookUnreadableError) throw error;
      throw readFailure(error, ref);
    } finally {
      await handle.close().catch(() => undefined);
    }
    if (read !== undefined) {
      const problem = formatProblem(read.bytes);
      if (problem !== undefined) throw new WorkbookUnreadableError(ref, problem);
      return read;
    }
  }
  throw new WorkbookUnreadableError(ref, 'tệp đang được ghi (thay đổi trong lúc đọc); sẽ đọc lại ở lần chạy sau');
}

const MB = 1024 * 1024;

/** A zip bomb (or damage that looks like one), in words staff can act on. */
export function inflateLimitFailure(ref: string, error: ZipInflateLimitError): WorkbookUnreadableError {
  const size = `${Math.round(error.limit / MB)} MB`;
  const what =
    error.rule === 'workbook'
      ? `toàn bộ tệp khi giải nén lớn hơn ${Math.round(MAX_WORKBOOK_INFLATED_BYTES / MB)} MB`
      : `phần "${error.entry}" khi giải nén lớn hơn ${size}`;
  return new WorkbookUnreadableError(ref, `tệp nén bất thường: ${what} (có thể là tệp độc hại hoặc bị hỏng)`, { cause: error });
}

/** General-purpose flag bit 3: sizes in a data descriptor after the data (not written for stored copies). */
const FLAG_DATA_DESCRIPTOR = 0x8;

/**
 * The workbook's archive with every entry inflated and stored, for exceljs.
 *
 * exceljs (through JSZip) inflates every entry in memory, in JavaScript, with no bound: a 1 MB
 * file whose sheet inflates to 1 GB takes the process with it. So every entry is inflated here
 * first, natively and within the bounds of zip-inflate-limits.ts (stopping at the bound, whatever
 * sizes the archive declares), and exceljs is given exactly the bytes that were checked, stored
 * uncompressed: it then has nothing to inflate. Measured on the synthetic unit workbooks (40
 * workbooks, 12 interleaved rounds): the native inflate and re-packing cost 0.14 ms per workbook,
 * about 3% of exceljs' own load (4.5 ms), and exceljs loads the stored archive faster than the
 * deflated one (3.4 ms in all instead of 4.5), so the check costs less than nothing. Inflating
 * twice (once to count, once in exceljs) cost about as much as the load saved here. Parts spelled
 * with a namespace prefix are unprefixed on the way (exceljs-prefix-shim.ts), and parts named
 * otherwise than Excel names them are renamed (exceljs-part-names-shim.ts).
 */
export function inflatedArchive(buf: Buffer, ref: string): Buffer {
  const parts = readZipParts(buf);
  if (!parts) throw new WorkbookUnreadableError(ref, 'tệp .xlsx bị hỏng (không đọc được danh mục của tệp nén, hoặc tệp được mã hoá)');
  const budget = new InflateBudget();
  const stored: ZipPart[] = [];
  for (const part of parts) {
    const name = part.entry.name.toString('utf8');
    let raw: Buffer | undefined;
    try {
      raw = inflatePart(part, budget);
    } catch (error) {
      if (error instanceof ZipInflateLimitError) throw inflateLimitFailure(ref, error);
      throw error;
    }
    if (raw === undefined) throw new WorkbookUnreadableError(ref, `tệp .xlsx bị hỏng (không giải nén được phần "${name}")`);
    if (/\.(xml|rels)$/i.test(name)) raw = unprefixedForExceljs(raw);
    stored.push({
      entry: { ...part.entry, flags: part.entry.flags & ~FLAG_DATA_DESCRIPTOR, method: 0, compressedSize: raw.length, size: raw.length },
      data: raw,
    });
  }
  const named = excelPartNamesForExceljs(stored);
  // exceljs finds the tab list by this exact name; without it, it "loads" an empty workbook and
  // fails later with a TypeError.
  if (!named.some((p) => p.entry.name.toString('utf8').replace(/^\//, '') === 'xl/workbook.xml')) {
    throw new WorkbookUnreadableError(ref, 'tệp .xlsx bị hỏng: thiếu phần xl/workbook.xml (danh sách các trang tính)');
  }
  return writeZip(named);
}

/** Loads workbook bytes with exceljs; a damaged archive or XML, or a zip bomb, is WorkbookUnreadableError. */
export async function loadWorkbookBytes(buf: Buffer, ref: string): Promise<ExcelJS.Workbook> {
  const problem = formatProblem(buf);
  if (problem !== undefined) throw new WorkbookUnreadableError(ref, problem);
  const archive = inflatedArchive(buf, ref);
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer-like alias; at run time it reads a Node Buffer.
    await wb.xlsx.load(archive as unknown as ArrayBuffer);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new WorkbookUnreadableError(ref, `tệp .xlsx bị hỏng (${detail})`, { cause: error });
  }
  return wb;
}

/** Loads a workbook from disk (see readWorkbookBytes and loadWorkbookBytes for the errors). */
export async function loadWorkbookFile(path: string, ref: string): Promise<ExcelJS.Workbook> {
  return loadWorkbookBytes((await readWorkbookBytes(path, ref)).bytes, ref);
}

/**
 * Replaces `path` atomically (see replaceWorkbookFile), unguarded: for files the product creates
 * and owns (init, the synthetic workspace), where nobody else writes.
 */
async function replaceOwnFile(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const version = await stat(path).then(
    (s) => workbookStatOf(s).version,
    () => null,
  );
  await replaceWorkbookFile(path, path, { expectedVersion: version }, write);
}

/** The bytes exceljs serialises a workbook to, deflated natively. Throws what exceljs throws. */
export async function serialiseWorkbook(wb: ExcelJS.Workbook): Promise<Buffer> {
  // exceljs deflates in JavaScript at about the cost of building the workbook: write stored and
  // deflate natively instead (see zip-archive.ts); a run writes into every unit workbook.
  const stored = await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } });
  // exceljs types the result as an ArrayBuffer-like alias; at run time it is a Node Buffer.
  return recompressStoredZip(stored as unknown as Buffer);
}

/** Saves an in-memory workbook atomically (a workbook the product made, see replaceOwnFile). */
export async function saveWorkbookAtomic(wb: ExcelJS.Workbook, path: string): Promise<void> {
  const data = await serialiseWorkbook(wb);
  await replaceOwnFile(path, (tmp) => writeFile(tmp, data));
}

/** Replaces `path` with the given bytes under `guard` (see replaceWorkbookFile). */
export async function saveBytesGuarded(path: string, ref: string, data: Buffer, guard: ReplaceGuard): Promise<void> {
  await replaceWorkbookFile(path, ref, guard, (tmp) => writeFile(tmp, data));
}

/**
 * The bytes of a new workbook of the given tabs, or undefined for a tab name Excel refuses. The
 * package is rendered directly (see buildNewWorkbook), several times faster than exceljs.
 */
export async function newWorkbookBytes(tabs: readonly TabWrite[]): Promise<Buffer | undefined> {
  // Two tabs with one name: the later replaces the earlier in its place, as in an existing workbook.
  return buildNewWorkbook(uniqueTabs(tabs));
}

/** Writes a new workbook of the given tabs to `path` under `guard` (every tab name valid: see isValidSheetName). */
export async function saveNewWorkbookGuarded(path: string, ref: string, tabs: readonly TabWrite[], guard: ReplaceGuard): Promise<void> {
  const data = await newWorkbookBytes(tabs);
  if (data === undefined) throw new WorkbookWriteError(ref, 'io', 'tên trang tính không hợp lệ');
  await saveBytesGuarded(path, ref, data, guard);
}
