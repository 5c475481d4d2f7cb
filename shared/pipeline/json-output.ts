import type { RunResult } from '../publish/run-result.js';

/** The `run --json` document (product.md, "The command line"): a contract, keep field names stable. */
export interface RunJson {
  runId: string;
  period: string;
  asOf: string;
  units: { code: string; name: string; status: string; errors: number; warnings: number }[];
  issues: { unit: string; tab: string; cell: string | null; code: string; severity: string; message: string; hint?: string; value?: string }[];
  indicators: { programme: string; unit: string; indicator: string; value: number; numerator?: number; denominator?: number }[];
  targets: { unit: string; indicator: string; target: number; op: string; value: number | null; status: string }[];
  alerts: { kind: string; unit: string; indicator?: string; severity: string; message: string; recipients: string[] }[];
  /** Present when the run had e-mails to deliver; a failed recipient is tried again next run. */
  delivery?: { sent: number; failed: { recipient: string; message: string }[] };
}

export function toRunJson(result: RunResult): RunJson {
  return {
    runId: result.runId,
    period: result.period,
    asOf: result.asOf,
    units: result.units.map((u) => ({ code: u.code, name: u.name, status: u.status, errors: u.errors, warnings: u.warnings })),
    issues: result.issues.map((i) => ({
      unit: i.unit,
      tab: i.tab,
      cell: i.cell ?? null,
      code: i.code,
      severity: i.severity,
      message: i.message,
      ...(i.hint !== undefined ? { hint: i.hint } : {}),
      ...(i.value !== undefined ? { value: i.value } : {}),
    })),
    indicators: result.indicators.map((v) => ({
      programme: v.programme,
      unit: v.unit,
      indicator: v.indicator,
      value: v.value,
      ...(v.numerator !== undefined ? { numerator: v.numerator } : {}),
      ...(v.denominator !== undefined ? { denominator: v.denominator } : {}),
    })),
    targets: result.targets.map((t) => ({ unit: t.unit, indicator: t.indicator, target: t.target, op: t.op, value: t.value ?? null, status: t.status })),
    alerts: result.alerts.map((a) => ({
      kind: a.kind,
      unit: a.unit,
      ...(a.indicator !== undefined ? { indicator: a.indicator } : {}),
      severity: a.severity,
      message: a.message,
      recipients: a.recipients,
    })),
    ...(result.delivery !== undefined
      ? { delivery: { sent: result.delivery.sent, failed: result.delivery.failed.map((f) => ({ recipient: f.recipient, message: f.message })) } }
      : {}),
  };
}
