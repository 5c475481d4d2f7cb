/**
 * The DTTS&MN catalogue as plain data (QĐ 1719): the projects and the indicators units report on.
 * Like a criteria set it is data, and it travels in the parsed control workbook (the run plan), so
 * every stage, in one process or in separate Lambda invocations, reads the same catalogue. The
 * default and the functions over it live in shared/programmes/dtts/dtts-catalogue.ts.
 */

export interface DttsProject {
  /** `DA1` .. `DA10`, or `CT` for the programme's general targets. */
  id: string;
  name: string;
  /** True for `CT`: targets of the whole programme, not of one project. */
  general?: boolean;
}

export interface DttsCatalogueEntry {
  /** As the catalogue spells it (`DA1.nha_o`); compare with dttsCodeKey. */
  code: string;
  /** A project id of the catalogue. */
  project: string;
  /** `Nội dung`: what is counted, in Vietnamese. */
  content: string;
  /** `Đơn vị tính` (`hộ`, `ha`, `xã`...), when known. */
  unit?: string;
  /** Where the entry comes from: `mặc định`, or the control tab's cell (`Danh mục DTTS!A5`). */
  origin: string;
}

export interface DttsCatalogue {
  projects: readonly DttsProject[];
  entries: readonly DttsCatalogueEntry[];
}
