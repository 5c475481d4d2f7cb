/** Drive ids are long runs of letters, digits, `-` and `_`; a file name has a dot. */
const DRIVE_ID = /^[A-Za-z0-9_-]{20,}$/;

/**
 * A unit's workbook as its staff can open it from an e-mail: the `Bảng tính` value as typed (a
 * file name in a workspace), or, in the Google front end (`web`: the summary itself is a web
 * address), the spreadsheet's address.
 */
export function unitWorkbookLink(workbook: string, web: boolean): string {
  const ref = workbook.trim();
  if (!web || /^https?:\/\//i.test(ref) || !DRIVE_ID.test(ref)) return ref;
  return `https://docs.google.com/spreadsheets/d/${encodeURIComponent(ref)}/edit`;
}
