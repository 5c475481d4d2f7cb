import { InvalidObjectKeyError } from '../../ports/object-store-errors.js';

/**
 * The rules every object store applies to keys, so a key that works in the embedded mode (files)
 * works on AWS (S3) and back: `/`-separated relative paths, no empty segment, no segment starting
 * with `.` (rules out `.` and `..`, and keeps the file store's temporary files out of keys), no
 * backslash, drive letter or NUL. A prefix may end with `/` or with part of a name.
 */
export function validateObjectKey(key: string, isPrefix: boolean): void {
  if (key === '') throw new InvalidObjectKeyError(key, 'empty');
  if (key.startsWith('/')) throw new InvalidObjectKeyError(key, 'absolute path');
  if (/^[A-Za-z]:/.test(key)) throw new InvalidObjectKeyError(key, 'drive path');
  if (key.includes('\\')) throw new InvalidObjectKeyError(key, 'backslash');
  if (key.includes('\0')) throw new InvalidObjectKeyError(key, 'NUL character');
  const segments = key.split('/');
  segments.forEach((segment, i) => {
    // A prefix may end with `/` (or part of a name); a key names a file.
    const last = i === segments.length - 1;
    if (segment === '' && !(isPrefix && last)) throw new InvalidObjectKeyError(key, 'empty segment');
    if (segment.startsWith('.')) throw new InvalidObjectKeyError(key, 'segment starting with "."');
  });
}

/** Whether `key` passes `validateObjectKey` as a key (listing skips keys the store could not get). */
export function isValidObjectKey(key: string): boolean {
  try {
    validateObjectKey(key, false);
    return true;
  } catch (error) {
    if (error instanceof InvalidObjectKeyError) return false;
    throw error;
  }
}
