import type { PeriodId, UnitCode } from '../../shared/domain/ids.js';
import type { Scope } from '../../shared/domain/unit.js';
import type { AlertState, DeliveryFailure, DigestMark, IndicatorSnapshot, LeaseHolder, RunRecord, Store, SubmissionRecord } from '../../shared/ports/store.js';

/**
 * A Store opened on first use. The embedded store lives in the workspace (`.state/dynamodb`), and
 * opening it creates and touches files there; a run the plan stage refuses (a period the schedule
 * does not have) must leave the workspace exactly as it was, so nothing is opened until a stage
 * actually reads or writes.
 */
export class LazyStore implements Store {
  private opening: Promise<Store> | undefined;
  private opened: Store | undefined;

  constructor(private readonly open: () => Promise<Store>) {}

  /** Resolves once an opening started by a call has settled (closing must wait for it); undefined when never opened. */
  async settled(): Promise<Store | undefined> {
    return this.opening === undefined ? undefined : this.opening.catch(() => undefined);
  }

  private store(): Promise<Store> {
    this.opening ??= this.open().then((s) => {
      this.opened = s;
      return s;
    });
    return this.opening;
  }

  get writeCount(): number {
    return this.opened?.writeCount ?? 0;
  }

  async loadSubmissions(period: PeriodId): Promise<Map<UnitCode, SubmissionRecord>> {
    return (await this.store()).loadSubmissions(period);
  }
  async loadSubmission(period: PeriodId, unit: UnitCode): Promise<SubmissionRecord | undefined> {
    return (await this.store()).loadSubmission(period, unit);
  }
  async saveSubmissions(records: readonly SubmissionRecord[]): Promise<void> {
    return (await this.store()).saveSubmissions(records);
  }
  async loadIndicatorSnapshots(period: PeriodId): Promise<Map<Scope, IndicatorSnapshot>> {
    return (await this.store()).loadIndicatorSnapshots(period);
  }
  async saveIndicatorSnapshots(period: PeriodId, snapshots: readonly IndicatorSnapshot[]): Promise<void> {
    return (await this.store()).saveIndicatorSnapshots(period, snapshots);
  }
  async loadIndicatorHistory(period: PeriodId, scope: Scope): Promise<IndicatorSnapshot[]> {
    return (await this.store()).loadIndicatorHistory(period, scope);
  }
  async loadAlertStates(period: PeriodId): Promise<AlertState[]> {
    return (await this.store()).loadAlertStates(period);
  }
  async saveAlertStates(period: PeriodId, states: readonly AlertState[]): Promise<void> {
    return (await this.store()).saveAlertStates(period, states);
  }
  async loadDeliveryFailures(period: PeriodId): Promise<DeliveryFailure[]> {
    return (await this.store()).loadDeliveryFailures(period);
  }
  async saveDeliveryFailures(period: PeriodId, failures: readonly DeliveryFailure[]): Promise<void> {
    return (await this.store()).saveDeliveryFailures(period, failures);
  }
  async clearDeliveryFailures(period: PeriodId, recipients: readonly string[]): Promise<void> {
    return (await this.store()).clearDeliveryFailures(period, recipients);
  }
  async saveRun(run: RunRecord): Promise<void> {
    return (await this.store()).saveRun(run);
  }
  async listRuns(period: PeriodId): Promise<RunRecord[]> {
    return (await this.store()).listRuns(period);
  }
  async getMeta(key: string): Promise<string | undefined> {
    return (await this.store()).getMeta(key);
  }
  async setMeta(key: string, value: string): Promise<void> {
    return (await this.store()).setMeta(key, value);
  }
  async acquireLease(name: string, owner: string, ttlMs: number, now: Date): Promise<{ acquired: true } | { acquired: false; holder: LeaseHolder }> {
    return (await this.store()).acquireLease(name, owner, ttlMs, now);
  }
  async releaseLease(name: string, owner: string): Promise<void> {
    return (await this.store()).releaseLease(name, owner);
  }
  async loadDigestMarks(period: PeriodId, runId: string): Promise<Map<string, DigestMark>> {
    return (await this.store()).loadDigestMarks(period, runId);
  }
  async saveDigestMarks(period: PeriodId, runId: string, marks: ReadonlyMap<string, DigestMark>): Promise<void> {
    return (await this.store()).saveDigestMarks(period, runId, marks);
  }
}
