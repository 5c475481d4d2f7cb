import type { ScheduleEntry } from '../domain/config.js';
import type { CriteriaSet } from '../domain/criteria-set.js';
import type { PeriodId } from '../domain/ids.js';
import { hasCriteriaSet } from '../domain/no-criteria-set.js';
import type { SheetIssue } from '../domain/issue.js';
import { SCHEDULE_TAB } from '../forms/tab-specs.js';

/**
 * The one finding of a period that schedules NTM but has no criteria set: the NTM tabs of the
 * period are not read (units are not at fault, so none of them gets an error) and the other
 * programmes run as usual. Reported on the control workbook, where the office sees it.
 */
export function missingCriteriaSetIssues(period: PeriodId, schedule: readonly ScheduleEntry[], set: CriteriaSet): SheetIssue[] {
  if (hasCriteriaSet(set) || !schedule.some((s) => s.period === period && s.programme === 'ntm')) return [];
  return [
    {
      code: 'criteria_set_missing',
      severity: 'error',
      tab: SCHEDULE_TAB.name,
      value: period,
      message: `Kỳ ${period} chưa có bộ tiêu chí nông thôn mới nên chương trình NTM không được kiểm tra và tổng hợp trong kỳ này (trang "NTM" của các đơn vị chưa được đọc). Các chương trình khác của kỳ vẫn được tổng hợp bình thường.`,
      hint: `Kiểm tra lại kỳ của dòng NTM trong trang "${SCHEDULE_TAB.name}". Nếu kỳ đúng, bộ tiêu chí của giai đoạn này cần được bổ sung vào hệ thống (đề nghị bộ phận kỹ thuật cập nhật).`,
    },
  ];
}
