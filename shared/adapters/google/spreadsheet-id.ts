/**
 * Spreadsheet IDs as people paste them: the bare ID, or the whole address from the browser
 * (`https://docs.google.com/spreadsheets/d/<id>/edit#gid=0`), which is what staff copy most often.
 */

const URL_ID = /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/;
const FOLDER_URL_ID = /\/folders\/([A-Za-z0-9_-]+)/;
/** Drive IDs are long runs of letters, digits, `-` and `_` (44 characters today; older ones shorter). */
const BARE_ID = /^[A-Za-z0-9_-]{20,}$/;

/** The spreadsheet ID in `text` (a bare ID or an address), or undefined when it holds none (e.g. `a.xlsx`, `tạo mới`). */
export function spreadsheetIdOf(text: string): string | undefined {
  const t = text.trim();
  const m = URL_ID.exec(t);
  if (m) return m[1];
  return BARE_ID.test(t) ? t : undefined;
}

/** The Drive folder ID in a bare ID or a folder address. */
export function folderIdOf(text: string): string | undefined {
  const t = text.trim();
  const m = FOLDER_URL_ID.exec(t);
  if (m) return m[1];
  return BARE_ID.test(t) ? t : undefined;
}

/** The address people open a spreadsheet at (used in e-mails). */
export function spreadsheetUrl(id: string): string {
  return `https://docs.google.com/spreadsheets/d/${encodeURIComponent(id)}/edit`;
}
