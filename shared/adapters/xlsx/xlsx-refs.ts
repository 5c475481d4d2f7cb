import { isAbsolute, join, normalize, sep } from 'node:path';

/**
 * A workbook reference that would leave the workspace folder or cannot name a file. `reason` is
 * Vietnamese: it is shown to the office that typed the reference in `Bảng tính`.
 */
export class InvalidWorkbookRefError extends Error {
  constructor(
    readonly ref: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Invalid workbook reference "${ref}": ${reason}`, options);
    this.name = 'InvalidWorkbookRefError';
  }
}

/**
 * Resolves a reference (a file name relative to the gateway's folder, sub-folders allowed, e.g.
 * `units/ls-178.xlsx`) to a path. Absolute paths and `..` segments are refused: `Bảng tính` is typed
 * by people and must never make the pipeline read or overwrite files outside the workspace.
 */
export function resolveWorkbookPath(dir: string, ref: string): string {
  const trimmed = ref.trim();
  if (trimmed === '') throw new InvalidWorkbookRefError(ref, 'tên tệp để trống');
  if (isAbsolute(trimmed) || /^[a-zA-Z]:/.test(trimmed) || trimmed.startsWith('\\') || trimmed.startsWith('/')) {
    throw new InvalidWorkbookRefError(ref, 'không được ghi đường dẫn tuyệt đối; hãy ghi tên tệp nằm trong thư mục làm việc');
  }
  const segments = trimmed.split(/[\\/]+/);
  if (segments.some((s) => s === '..')) throw new InvalidWorkbookRefError(ref, 'không được chứa ".." (thư mục cha) trong tên tệp');
  if (segments.some((s) => s === '')) throw new InvalidWorkbookRefError(ref, 'đường dẫn có một phần để trống');
  const path = normalize(join(dir, ...segments));
  const root = normalize(dir.endsWith(sep) ? dir : `${dir}${sep}`);
  if (!path.startsWith(root)) throw new InvalidWorkbookRefError(ref, 'đường dẫn ra ngoài thư mục làm việc');
  return path;
}
