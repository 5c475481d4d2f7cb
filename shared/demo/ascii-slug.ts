/**
 * A file-name-safe ASCII slug of a Vietnamese name (`Thành phố Lạng Sơn` -> `tp-lang-son`), so
 * workbook names travel through e-mail, zip tools and any file system unchanged.
 */
export function asciiSlug(name: string): string {
  return name
    .normalize('NFC')
    .replace(/^(Huyện|Thị xã|Quận)\s+/i, '')
    .replace(/^Thành phố\s+/i, 'TP ')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
