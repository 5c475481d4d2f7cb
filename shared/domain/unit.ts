import type { UnitCode } from './ids.js';

export type UnitLevel = 'tinh' | 'huyen' | 'xa';

/** Level names as typed in the control workbook's `Cấp` column. */
export const LEVEL_LABEL: Record<UnitLevel, string> = { tinh: 'tỉnh', huyen: 'huyện', xa: 'xã' };

export interface Unit {
  code: UnitCode;
  name: string;
  level: UnitLevel;
  /** Undefined for a root (the province). */
  parent?: UnitCode;
  /** Group tags from `Nhóm`, e.g. `xã biên giới`. Targets address them as `nhóm:<tag>`. */
  groups: string[];
  /** File name (embedded) or spreadsheet ID (Google) of the unit's workbook, when it submits one. */
  workbook?: string;
  /** Focal points who receive this unit's alerts. */
  emails: string[];
  /**
   * Why `workbook` cannot be used (Vietnamese; it leaves the workspace, or another unit already
   * names it). The unit still owes its report: it is reported unreadable, never read.
   */
  workbookRefused?: string;
}

/** A target or indicator scope: a unit code, or a group written `nhóm:<tag>`. */
export type Scope = string;
export const GROUP_PREFIX = 'nhóm:';
export const groupScope = (tag: string): Scope => `${GROUP_PREFIX}${tag}`;
export const isGroupScope = (s: Scope): boolean => s.startsWith(GROUP_PREFIX);
