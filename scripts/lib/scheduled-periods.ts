import { XlsxWorkbookGateway } from '../../shared/adapters/xlsx/xlsx-gateway.js';
import type { PeriodId } from '../../shared/domain/ids.js';
import { periodStart } from '../../shared/domain/period.js';
import { parseControlWorkbook } from '../../shared/forms/control-workbook.js';
import { CONTROL_TABS } from '../../shared/forms/tab-specs.js';

/** The periods `Lịch báo cáo` of a workspace schedules, oldest first. */
export async function scheduledPeriods(workspace: string): Promise<PeriodId[]> {
  // Every control tab: a schedule row's scope is checked against `Đơn vị`.
  const raw = await new XlsxWorkbookGateway({ dir: workspace }).read(
    'config.xlsx',
    CONTROL_TABS.map((t) => t.name),
  );
  const periods = new Set(parseControlWorkbook(raw).schedule.map((s) => s.period));
  return [...periods].sort((a, b) => periodStart(a).localeCompare(periodStart(b)) || a.localeCompare(b));
}
