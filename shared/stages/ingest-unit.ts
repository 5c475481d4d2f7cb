import { createHash } from 'node:crypto';
import type { Baseline, PeriodPlan } from '../domain/config.js';
import type { CriteriaSet } from '../domain/criteria-set.js';
import type { Hierarchy } from '../domain/hierarchy.js';
import type { PeriodId, UnitCode } from '../domain/ids.js';
import { modulesFor, PROGRAMME_MODULES, type ProgrammeModules, type UnitSubmission } from '../programmes/registry.js';
import { hasRows } from '../programmes/submission-rows.js';
import type { SheetIssue } from '../domain/issue.js';
import { FEEDBACK_TAB_NAME } from '../forms/tab-specs.js';
import type { RawWorkbook } from '../forms/raw-sheet.js';
import { parseUnitWorkbook } from '../forms/unit-workbook.js';
import type { UnitContext } from '../forms/unit-context.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { SubmissionRecord, UnitStatus } from '../ports/store.js';
import {
  WorkbookChangedError,
  WorkbookNotFoundError,
  WorkbookUnreadableError,
  WorkbookWriteError,
  type CellMark,
  type WorkbookGateway,
  type WorkbookStat,
} from '../ports/workbook-gateway.js';
import { renderFeedbackTab } from '../publish/feedback-tab.js';
import { keepAllStale, mergeSubmission, type MergeResult } from './merge-submission.js';
import type { ReportingDuty } from './reporting-plan.js';
import { unitReport } from './unit-report.js';

export interface IngestContext {
  gateway: WorkbookGateway;
  objects: ObjectStore;
  hierarchy: Hierarchy;
  criteriaSet: CriteriaSet;
  baselines: ReadonlyMap<UnitCode, Baseline>;
  period: PeriodId;
  /** The period's plan and the DTTS catalogue (what a DTTS tab is checked against). */
  plan?: PeriodPlan;
  /** "Today" for deadlines (wall time or --as-of): decides whether a report counts as late. */
  now: Date;
  /** Real time, for when the workbook was checked and accepted (what people read). */
  wallNow: Date;
  /** Replaces the embedded-mode advice on missing or unreadable workbooks (Google: share it with the service account). */
  access?: WorkbookAccessAdvice;
  /** The programmes' modules (default: the registry; tests inject others). */
  modules?: ProgrammeModules;
}

/**
 * What to tell people about a workbook the gateway cannot find or open, where the embedded-mode
 * wording (file names, "save it again as .xlsx") does not fit: Google reports a spreadsheet not
 * shared with the service account as not found, and a view-only one as forbidden.
 */
export interface WorkbookAccessAdvice {
  /** Appended to the "not found" message (e.g. "or it is not shared with <account>"). */
  missingReason: string;
  missingHint: string;
  unreadableHint: string;
}

export interface IngestOutcome {
  /** The record to store, or undefined when nothing about the unit changed. */
  changed?: SubmissionRecord;
  /** The unit's record after this run (changed or as stored). */
  record: SubmissionRecord;
  /** Status for this run (`unchanged` when skipped). */
  runStatus: UnitStatus;
  workbookWritten: boolean;
}

const emptyRecord = (duty: ReportingDuty, period: PeriodId, now: string): SubmissionRecord => ({
  unit: duty.unit.code,
  period,
  status: 'missing',
  checkedAt: now,
  data: {},
  staleCommunes: [],
  issues: [],
});

/** Tabs the pipeline reads from a unit workbook for the given duty. */
export function inputTabs(duty: ReportingDuty, modules: ProgrammeModules = PROGRAMME_MODULES): string[] {
  return modulesFor(duty.programmes, modules).map((m) => m.tab);
}

/**
 * Whether a workbook can be skipped: the listing shows the version last read, and what it is
 * validated against has not changed either.
 */
export function isUnchanged(previous: SubmissionRecord | undefined, stat: WorkbookStat | undefined, contextKey: string): previous is SubmissionRecord {
  return stat !== undefined && previous !== undefined && previous.sourceVersion === stat.version && previous.contextKey === contextKey;
}

/**
 * One reporting unit: skip when its workbook did not change; otherwise read every input tab in one
 * call, keep the raw values, parse, merge with what was accepted before, and write the feedback tab.
 * Every failure of this unit (reading, parsing, keeping the snapshot, writing back) becomes its
 * status and issues; none escapes to stop the run, and the last accepted data stays.
 */
export async function ingestUnit(
  ctx: IngestContext,
  duty: ReportingDuty,
  stat: WorkbookStat | undefined,
  previous: SubmissionRecord | undefined,
): Promise<IngestOutcome> {
  const nowIso = ctx.wallNow.toISOString();
  const prev = previous ?? emptyRecord(duty, ctx.period, nowIso);
  const modules = ctx.modules ?? PROGRAMME_MODULES;
  const contextKey = validationContextKey(ctx, duty, modules);

  if (duty.unit.workbookRefused !== undefined) {
    const issue: SheetIssue = {
      code: 'workbook_ref_invalid',
      severity: 'error',
      tab: '',
      value: duty.unit.workbook ?? '',
      message: `Không đọc bảng tính của ${duty.unit.name}: ${duty.unit.workbookRefused}.`,
      hint: 'Văn phòng sửa cột "Bảng tính" của đơn vị trong trang "Đơn vị" của tệp cấu hình; số liệu hợp lệ lần trước vẫn được giữ.',
    };
    return settle(prev, {
      ...prev,
      status: 'unreadable',
      ...keepAllStale(prev.data, modules),
      issues: [issue],
      sourceVersion: undefined,
      sourceModifiedMs: undefined,
      contextKey,
    });
  }

  if (isUnchanged(previous, stat, contextKey)) return { record: previous, runStatus: 'unchanged', workbookWritten: false };

  // A workbook the listing does not show is still asked for once: the answer tells "does not
  // exist" from "exists but is not shared with us" (Google), which need different fixes.
  let raw: RawWorkbook;
  try {
    raw = await ctx.gateway.read(duty.ref, inputTabs(duty, modules));
  } catch (error) {
    return settle(prev, { ...prev, ...keepAllStale(prev.data, modules), ...readFailure(ctx, duty, stat, error), contextKey });
  }

  const version = raw.version ?? stat?.version;
  const modifiedMs = stat?.modifiedMs ?? ctx.wallNow.getTime();
  const warnings: SheetIssue[] = [];
  let rawKey: string | undefined;
  try {
    rawKey = await keepRawSnapshot(ctx, duty, raw);
  } catch (error) {
    warnings.push({
      code: 'snapshot_not_kept',
      severity: 'warning',
      tab: '',
      message: `Không lưu được bản chụp số liệu gốc của ${duty.unit.name} (${errorText(error)}); số liệu vẫn được kiểm tra và sẽ được lưu lại ở lần chạy sau.`,
      hint: 'Văn phòng kiểm tra chỗ lưu trữ của hệ thống (dung lượng, quyền ghi).',
    });
  }

  let parsed: ReturnType<typeof parseUnitWorkbook>;
  try {
    parsed = parseUnitWorkbook(raw, unitContext(ctx, duty), duty.programmes, modules);
  } catch (error) {
    // The parsers collect findings rather than throw; reaching here is a defect of ours, and it
    // must cost this unit its check, not the province its run.
    const failure = unreadable(duty, `lỗi khi kiểm tra nội dung (${errorText(error)})`, 'Báo cho văn phòng; số liệu hợp lệ lần trước vẫn được giữ.');
    return settle(prev, { ...prev, ...keepAllStale(prev.data, modules), ...failure, sourceVersion: undefined, sourceModifiedMs: modifiedMs, contextKey });
  }

  const merged: MergeResult = mergeSubmission(
    {
      previous: prev.data,
      previousStale: prev.staleCommunes,
      parsed: parsed.submission,
      erroredCommunes: parsed.erroredCommunes,
      failedProgrammes: parsed.failedProgrammes,
      programmes: duty.programmes,
    },
    modules,
  );
  const hasErrors = parsed.issues.some((i) => i.severity === 'error');
  const dataChanged = !sameData(prev.data, merged.data);
  const hasData = hasRows(merged.data);
  const receivedAt = prev.receivedAt ?? (hasData ? earliest(ctx.now, modifiedMs).toISOString() : undefined);
  const next: SubmissionRecord = {
    unit: duty.unit.code,
    period: ctx.period,
    // A workbook still as the template left it is a report not yet made, not one full of errors.
    status: hasErrors ? 'invalid' : parsed.notEntered ? 'missing' : 'ok',
    // Without a snapshot the version is not recorded, so the next run reads it again and keeps one.
    sourceVersion: rawKey === undefined ? undefined : version,
    sourceModifiedMs: modifiedMs,
    contextKey,
    checkedAt: nowIso,
    receivedAt,
    acceptedAt: dataChanged ? nowIso : prev.acceptedAt,
    data: merged.data,
    staleCommunes: merged.staleCommunes,
    issues: [...parsed.issues, ...warnings],
    rawKey,
  };

  const report = unitReport(duty, next);
  const feedback = renderFeedbackTab({ unit: duty.unit, report, issues: next.issues, checkedAt: nowIso, period: ctx.period });
  try {
    const after = await ctx.gateway.writeTabs(duty.ref, [feedback], {
      marks: cellMarks(prev.issues, parsed.issues),
      ...(version === undefined ? {} : { expectedVersion: version }),
    });
    if (next.sourceVersion !== undefined) {
      next.sourceVersion = after.version;
      next.sourceModifiedMs = after.modifiedMs;
    }
    return { changed: next, record: next, runStatus: next.status, workbookWritten: true };
  } catch (error) {
    next.issues = [...next.issues, writeFailure(duty, error)];
    // The data read is kept. No version is recorded, so the next run reads the workbook again:
    // a save made during this run gets checked, and the feedback is tried again.
    next.sourceVersion = undefined;
    return settle(prev, next);
  }
}

/** What a failed read means for the unit: missing, or unreadable with a reason staff can act on. */
function readFailure(
  ctx: IngestContext,
  duty: ReportingDuty,
  stat: WorkbookStat | undefined,
  error: unknown,
): Pick<SubmissionRecord, 'status' | 'issues' | 'sourceVersion' | 'sourceModifiedMs'> {
  // No version is recorded: the failure may be passing (quota, network, a file still being
  // copied), so the next run tries again instead of skipping the workbook as unchanged.
  const common = { sourceVersion: undefined, sourceModifiedMs: stat?.modifiedMs };
  if (error instanceof WorkbookNotFoundError) {
    const listed = stat !== undefined;
    const issue: SheetIssue = {
      code: 'workbook_missing',
      severity: 'error',
      tab: '',
      value: duty.ref,
      message: listed
        ? `Không tìm thấy bảng tính "${duty.ref}" của ${duty.unit.name}.${ctx.access ? ` ${ctx.access.missingReason}` : ''}`
        : `Chưa có bảng tính báo cáo "${duty.ref}" của ${duty.unit.name}.${ctx.access ? ` ${ctx.access.missingReason}` : ''}`,
      hint:
        ctx.access?.missingHint ??
        (listed
          ? 'Văn phòng điều phối kiểm tra cột "Bảng tính" của đơn vị trong trang "Đơn vị" của tệp cấu hình.'
          : 'Đơn vị gửi bảng tính báo cáo cho văn phòng điều phối; văn phòng tạo bảng tính mẫu bằng lệnh init hoặc kiểm tra cột "Bảng tính" trong trang "Đơn vị" của tệp cấu hình.'),
    };
    return { ...common, status: 'missing', issues: [issue] };
  }
  const reason = error instanceof WorkbookUnreadableError ? error.reason : `lỗi không xác định khi đọc (${errorText(error)})`;
  const hint = ctx.access?.unreadableHint ?? 'Mở tệp bằng Excel, lưu lại dưới dạng .xlsx (Excel Workbook) rồi gửi lại; số liệu hợp lệ lần trước vẫn được giữ.';
  return { ...common, ...unreadable(duty, reason, hint) };
}

function unreadable(duty: ReportingDuty, reason: string, hint: string): Pick<SubmissionRecord, 'status' | 'issues'> {
  const issue: SheetIssue = {
    code: 'workbook_unreadable',
    severity: 'error',
    tab: '',
    value: duty.ref,
    message: `Không mở được bảng tính "${duty.ref}" của ${duty.unit.name}: ${reason}.`,
    hint,
  };
  return { status: 'unreadable', issues: [issue] };
}

/** The warning for a feedback tab that could not be written; the unit's data is unaffected. */
function writeFailure(duty: ReportingDuty, error: unknown): SheetIssue {
  if (error instanceof WorkbookChangedError) {
    return {
      code: 'workbook_changed',
      severity: 'warning',
      tab: FEEDBACK_TAB_NAME,
      message: `Bảng tính của ${duty.unit.name} vừa được lưu trong lúc hệ thống kiểm tra, nên trang "${FEEDBACK_TAB_NAME}" chưa được ghi; lần chạy sau sẽ kiểm tra bản mới.`,
      hint: 'Không cần làm gì: bản vừa lưu được giữ nguyên và sẽ được kiểm tra ở lần chạy sau.',
    };
  }
  const reason =
    error instanceof WorkbookWriteError || error instanceof WorkbookUnreadableError
      ? error.reason
      : error instanceof WorkbookNotFoundError
        ? 'không tìm thấy bảng tính'
        : errorText(error);
  const readOnly = error instanceof WorkbookWriteError && error.kind === 'read_only';
  return {
    code: 'feedback_not_written',
    severity: 'warning',
    tab: FEEDBACK_TAB_NAME,
    message: `Không ghi được trang "${FEEDBACK_TAB_NAME}" vào bảng tính của ${duty.unit.name}: ${reason}.`,
    hint: readOnly
      ? 'Bỏ thuộc tính chỉ đọc của tệp (hoặc cấp quyền ghi) để nhận phản hồi trong bảng tính; số liệu vẫn được kiểm tra bình thường.'
      : 'Cấp quyền chỉnh sửa bảng tính cho tài khoản của hệ thống (hoặc đóng tệp đang mở) để nhận phản hồi trong bảng tính.',
  };
}

/** An error's short description for a finding (no stack). */
function errorText(error: unknown): string {
  if (error instanceof Error) return error.name === 'Error' ? error.message : `${error.name}: ${error.message}`;
  return String(error);
}

/** What a unit's workbook is checked against. */
function unitContext(ctx: Pick<IngestContext, 'hierarchy' | 'baselines' | 'criteriaSet' | 'plan' | 'now'>, duty: ReportingDuty): UnitContext {
  const out: UnitContext = {
    unit: duty.unit,
    hierarchy: ctx.hierarchy,
    criteriaSet: ctx.criteriaSet,
    baselines: ctx.baselines,
    currentYear: ctx.now.getFullYear(),
  };
  if (ctx.plan !== undefined) out.plan = ctx.plan;
  return out;
}

/** Hash of everything besides the workbook that its validation depends on (the modules say what else theirs does). */
export function validationContextKey(
  ctx: Pick<IngestContext, 'hierarchy' | 'baselines' | 'criteriaSet' | 'plan' | 'now'>,
  duty: ReportingDuty,
  modules: ProgrammeModules = PROGRAMME_MODULES,
): string {
  const communes = ctx.hierarchy.communesUnder(duty.unit.code).map((c) => [c.code, c.name]);
  const baselines = communes.map(([code]) => ctx.baselines.get(code as UnitCode) ?? null);
  const unitCtx = unitContext(ctx, duty);
  // Only modules that add something: a key of NTM and poverty stays what it was, so an upgrade
  // does not re-read every unchanged workbook.
  const extra = modulesFor(duty.programmes, modules).flatMap((m) => (m.validationContext === undefined ? [] : [[m.id, m.validationContext(unitCtx)]]));
  const body = JSON.stringify([duty.programmes, ctx.criteriaSet.id, communes, baselines, duty.unit.name, ...(extra.length === 0 ? [] : [extra])]);
  return createHash('sha256').update(body).digest('hex').slice(0, 16);
}

/** Stores `next` only when it differs from what is stored (a re-run writes nothing). */
function settle(prev: SubmissionRecord, next: SubmissionRecord): IngestOutcome {
  const { checkedAt: _a, ...p } = prev;
  const { checkedAt: _b, ...n } = next;
  const same = JSON.stringify(p) === JSON.stringify(n);
  return same
    ? { record: prev, runStatus: prev.status, workbookWritten: false }
    : { changed: next, record: next, runStatus: next.status, workbookWritten: false };
}

async function keepRawSnapshot(ctx: IngestContext, duty: ReportingDuty, raw: RawWorkbook): Promise<string> {
  const body = JSON.stringify(raw);
  const digest = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const key = `raw/${ctx.period}/${duty.unit.code}/${digest}.json`;
  await ctx.objects.put(key, body, 'application/json');
  return key;
}

function sameData(a: UnitSubmission, b: UnitSubmission): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function earliest(now: Date, modifiedMs: number): Date {
  return modifiedMs < now.getTime() ? new Date(modifiedMs) : now;
}

/**
 * Errors with a cell get a mark; the marks placed for the previous version are cleared, those of
 * cells still wrong included: a gateway gives such a cell its new note (a set wins over a clear)
 * and learns from the clear what text the old note held, so it can tell that note is ours.
 */
function cellMarks(previous: readonly SheetIssue[], current: readonly SheetIssue[]): { set: CellMark[]; clear: CellMark[] } {
  const toMark = (issues: readonly SheetIssue[]): CellMark[] =>
    issues.filter((i) => i.severity === 'error' && i.cell !== undefined && i.tab !== '').map((i) => ({ tab: i.tab, cell: i.cell as string, note: i.message }));
  return { set: toMark(current), clear: toMark(previous) };
}
