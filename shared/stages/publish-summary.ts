import type { RunIssue } from '../publish/run-result.js';
import type { ProgrammeModules } from '../programmes/registry.js';
import type { Store } from '../ports/store.js';
import { WorkbookChangedError, WorkbookUnreadableError, WorkbookWriteError, type WorkbookGateway } from '../ports/workbook-gateway.js';
import { renderSummaryTabs } from '../publish/summary-tabs.js';
import { CONFIG_UNIT, type ConsolidatedRun } from './consolidate-run.js';
import { planContext, type RunPlan } from './run-plan.js';

export interface PublishPorts {
  gateway: WorkbookGateway;
  store: Pick<Store, 'getMeta' | 'setMeta'>;
  /** The programmes' modules (default: the registry). */
  modules?: ProgrammeModules;
}

export interface PublishOutcome {
  summaryWritten: boolean;
  /** Why the summary could not be written this run (it is tried again next run). */
  issue?: RunIssue;
}

/**
 * The publish stage: renders the summary workbook and writes it, unless it exists and nothing it
 * is made from moved since it was written. A summary the office's own file refuses (open in Excel
 * on a Windows share, read-only) is a warning: the run's results stand and reach people by
 * e-mail, and the key is not recorded, so the next run writes it again.
 */
export async function publishSummary(ports: PublishPorts, plan: RunPlan, consolidated: ConsolidatedRun): Promise<PublishOutcome> {
  const { hierarchy, criteriaSet, baselines, mergers, periodPlan } = planContext(plan);
  const metaKey = `summaryInput#${plan.summaryRef}`;
  const exists = await ports.gateway.exists(plan.summaryRef);
  if (exists && (await ports.store.getMeta(metaKey)) === consolidated.summaryInputKey) return { summaryWritten: false };
  const tabs = renderSummaryTabs(
    {
      result: { ...consolidated.result, units: consolidated.summaryUnits },
      hierarchy,
      set: criteriaSet,
      baselines,
      plan: periodPlan,
      mergers,
      generatedAt: plan.startedAt,
    },
    ports.modules,
  );
  try {
    await ports.gateway.writeTabs(plan.summaryRef, tabs);
  } catch (error) {
    if (!(error instanceof WorkbookWriteError || error instanceof WorkbookUnreadableError || error instanceof WorkbookChangedError)) throw error;
    return { summaryWritten: false, issue: summaryNotWrittenIssue(plan.summaryRef, error) };
  }
  await ports.store.setMeta(metaKey, consolidated.summaryInputKey);
  return { summaryWritten: true };
}

function summaryNotWrittenIssue(ref: string, error: WorkbookWriteError | WorkbookUnreadableError | WorkbookChangedError): RunIssue {
  const reason = error instanceof WorkbookChangedError ? 'bảng tổng hợp vừa được sửa trong lúc ghi' : error.reason;
  return {
    unit: CONFIG_UNIT,
    code: 'summary_not_written',
    severity: 'warning',
    tab: '',
    value: ref,
    message: `Chưa ghi được bảng tổng hợp "${ref}": ${reason}. Kết quả của lần chạy này vẫn có trong thư cảnh báo; lần chạy sau sẽ ghi lại.`,
    hint: 'Đóng bảng tổng hợp nếu đang mở (Excel khoá tệp đang mở) hoặc bỏ thuộc tính chỉ đọc, rồi chạy lại.',
  };
}
