// zod's mini build: the same checks at a tenth of the bundle (every Lambda task carries the store).
import * as z from 'zod/mini';
import type { PeriodId, UnitCode } from '../../domain/ids.js';
import type { Programme } from '../../domain/programme.js';
import type { SheetIssue } from '../../domain/issue.js';
import type { ProgrammeModules } from '../../programmes/registry.js';
import { rowsOf, submissionOf } from '../../programmes/submission-rows.js';
import type { SubmissionRecord } from '../../ports/store.js';
import { StoreDataCorruptError } from './dynamo-errors.js';

/**
 * Keys the previous release stored a programme's rows under, by programme: it wrote the poverty
 * rows as `poverty` before the programme id `giam_ngheo` was used for stored data too.
 */
const LEGACY_DATA_KEYS: Partial<Record<Programme, readonly string[]>> = { giam_ngheo: ['poverty'] };

const optionalString = z.optional(z.string());

const storedIssue = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  tab: z.string(),
  cell: optionalString,
  value: optionalString,
  message: z.string(),
  hint: optionalString,
});

/** The body of a submission item; `data` is checked per programme by its module's codec. */
const storedSubmission = z.object({
  status: z.enum(['ok', 'invalid', 'missing', 'unreadable']),
  sourceVersion: optionalString,
  sourceModifiedMs: z.optional(z.number()),
  contextKey: optionalString,
  checkedAt: z.string(),
  receivedAt: optionalString,
  acceptedAt: optionalString,
  data: z.record(z.string(), z.unknown()),
  staleCommunes: z.array(z.string()),
  issues: z.array(storedIssue),
  rawKey: optionalString,
});

type StoredSubmission = z.infer<typeof storedSubmission>;

const paths = (error: z.core.$ZodError): string => error.issues.map((i) => i.path.join('.') || '(body)').join(', ');

/** The JSON body of a submission's item. Rows are stored by programme id, each as its module encodes them. */
export function encodeSubmissionBody(r: SubmissionRecord, modules: ProgrammeModules): StoredSubmission {
  const data: Record<string, unknown> = {};
  for (const m of modules) {
    const rows = rowsOf(r.data, m.id);
    if (rows !== undefined) data[m.id] = m.encodeRows(rows);
  }
  return {
    status: r.status,
    sourceVersion: r.sourceVersion,
    sourceModifiedMs: r.sourceModifiedMs,
    contextKey: r.contextKey,
    checkedAt: r.checkedAt,
    receivedAt: r.receivedAt,
    acceptedAt: r.acceptedAt,
    data,
    staleCommunes: r.staleCommunes,
    issues: r.issues,
    rawKey: r.rawKey,
  };
}

/**
 * A submission from its stored body, checked: a body that is not a submission, or a programme's
 * rows its codec refuses, is a StoreDataCorruptError naming the unit and the fields, never a crash
 * further down. Rows of a programme no module knows are left out.
 */
export function decodeSubmissionBody(body: unknown, unit: UnitCode, period: PeriodId, modules: ProgrammeModules): SubmissionRecord {
  const parsed = storedSubmission.safeParse(body);
  if (!parsed.success) throw new StoreDataCorruptError(`Submission ${unit} (${period}): stored body is not valid (${paths(parsed.error)}).`);
  const b = parsed.data;
  const rows: [Programme, readonly object[]][] = [];
  for (const m of modules) {
    const key = [m.id, ...(LEGACY_DATA_KEYS[m.id] ?? [])].find((k) => b.data[k] !== undefined);
    if (key === undefined) continue;
    const decoded = m.storedRows.safeParse(b.data[key]);
    if (!decoded.success) throw new StoreDataCorruptError(`Submission ${unit} (${period}): rows of ${m.id} are not valid (${paths(decoded.error)}).`);
    rows.push([m.id, decoded.data]);
  }
  const record: SubmissionRecord = {
    unit,
    period,
    status: b.status,
    checkedAt: b.checkedAt,
    data: submissionOf(rows),
    staleCommunes: b.staleCommunes as UnitCode[],
    // Checked above; kept as stored, keys in the order the parsers wrote them, because records are
    // compared as JSON to tell whether anything changed.
    issues: (body as { issues: SheetIssue[] }).issues,
  };
  // Optional fields are set only when present so a round trip yields an equal object.
  if (b.sourceVersion !== undefined) record.sourceVersion = b.sourceVersion;
  if (b.sourceModifiedMs !== undefined) record.sourceModifiedMs = b.sourceModifiedMs;
  if (b.contextKey !== undefined) record.contextKey = b.contextKey;
  if (b.receivedAt !== undefined) record.receivedAt = b.receivedAt;
  if (b.acceptedAt !== undefined) record.acceptedAt = b.acceptedAt;
  if (b.rawKey !== undefined) record.rawKey = b.rawKey;
  return record;
}
