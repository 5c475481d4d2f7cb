import { isOfficeRecipient } from '../../domain/config.js';
import { periodId, type PeriodId } from '../../domain/ids.js';
import type { MailMessage } from '../../ports/mailer.js';
import { DIGEST_SUBJECT_PREFIX } from '../../publish/digest-email.js';
import type { AwsPorts, WithMailer } from '../aws-ports.js';
import { loadPlan } from '../run-artifacts.js';
import type { FailTaskInput, FailTaskOutput } from '../state-machine-io.js';
import { leaseName, runIdOf } from './run-identity.js';

/**
 * The Catch of the state machine: records the failed run, tells the office by e-mail (the
 * `văn phòng` recipients of the plan when it got that far, else OFFICE_EMAIL) and gives the lease
 * back so the next scheduled run is not kept waiting.
 */
export async function failTask(ports: AwsPorts & WithMailer, input: FailTaskInput): Promise<FailTaskOutput> {
  const runId = runIdOf(input.execution, input.startedAt);
  const what = describeError(input.error);
  const plan = input.plan !== undefined && !input.plan.skipped ? await loadPlan(ports.objects, input.plan.planKey).catch(() => undefined) : undefined;
  const period: PeriodId | undefined = plan?.period ?? (input.plan !== undefined && !input.plan.skipped ? periodId(input.plan.period) : undefined);
  let recorded = false;
  if (period !== undefined) {
    await ports.store.saveRun({
      runId,
      period,
      asOf: plan?.asOf ?? '',
      startedAt: input.startedAt,
      finishedAt: new Date().toISOString(),
      counts: {},
      failed: what,
    });
    recorded = true;
  }
  const office = plan?.config.recipients.filter(isOfficeRecipient).map((r) => r.email) ?? [];
  const to = office.length > 0 ? office : ports.env.OFFICE_EMAIL === undefined ? [] : [ports.env.OFFICE_EMAIL];
  const messages = [...new Set(to)].map((address) => failureMessage(address, runId, what));
  const delivered = messages.length === 0 ? [] : await ports.mailer.send(messages);
  // The lease is given back whenever this run holds it, also when the plan task itself failed
  // after taking it (the delete is conditioned on this run's id, so another run's stays).
  await ports.store.releaseLease(leaseName(ports), runId);
  return { recorded, officeTold: delivered.filter((d) => d.ok).length };
}

function failureMessage(to: string, runId: string, what: string): MailMessage {
  const text = [
    'Kính gửi Văn phòng,',
    '',
    `Lần tổng hợp số liệu ${runId} đã dừng giữa chừng vì lỗi của hệ thống: ${what}.`,
    'Số liệu và bảng tổng hợp của lần chạy trước vẫn được giữ nguyên; lần chạy theo lịch tiếp theo sẽ thử lại.',
    'Nếu lỗi lặp lại, chuyển thư này cho cán bộ kỹ thuật phụ trách hệ thống.',
  ].join('\n');
  const html = text
    .split('\n')
    .map((line) => `<p>${line.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`)
    .join('');
  return { to, subject: `${DIGEST_SUBJECT_PREFIX} Lần tổng hợp ${runId} bị lỗi`, text, html };
}

/** What stopped the run, for people: the error's name and message, never its stack trace. */
function describeError(error: FailTaskInput['error']): string {
  let message = error.Cause ?? '';
  try {
    // A Lambda error's cause is the function's error as JSON (errorType, errorMessage, trace).
    const parsed: unknown = JSON.parse(message);
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { errorMessage?: unknown }).errorMessage === 'string')
      message = (parsed as { errorMessage: string }).errorMessage;
  } catch {
    // Not JSON: a cause Step Functions wrote itself (a timeout), kept as it is.
  }
  const text = [error.Error, message.split('\n')[0]?.slice(0, 300)].filter((s) => s !== undefined && s !== '').join(': ');
  return text === '' ? 'lỗi không rõ' : text;
}
