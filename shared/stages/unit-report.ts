import type { SubmissionRecord, UnitStatus } from '../ports/store.js';
import type { ReportingDuty } from './reporting-plan.js';
import type { UnitReport } from '../publish/run-result.js';

/** A reporting unit's line in the run's output, from its stored record. */
export function unitReport(duty: ReportingDuty, record: SubmissionRecord, status: UnitStatus = record.status): UnitReport {
  return {
    code: duty.unit.code,
    name: duty.unit.name,
    status,
    errors: record.issues.filter((x) => x.severity === 'error').length,
    warnings: record.issues.filter((x) => x.severity === 'warning').length,
    programmes: duty.programmes,
    lastChangedAt: record.sourceModifiedMs !== undefined ? new Date(record.sourceModifiedMs).toISOString() : undefined,
    checkedAt: record.checkedAt,
    receivedAt: record.receivedAt,
    due: duty.due,
    staleCommunes: record.staleCommunes,
  };
}
