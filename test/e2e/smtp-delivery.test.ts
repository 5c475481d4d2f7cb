import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunJsonDoc } from '../support/cli.js';
import { runCli } from '../support/cli.js';
import { AS_OF, writeXlsxProvince } from '../support/small-province.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

/**
 * E-mail through the real command line and a real SMTP server on 127.0.0.1 that refuses one
 * recipient: the run completes (exit 0), says so in its JSON and summary, and the next runs retry
 * that recipient only.
 */
const REFUSED = 'huyenb@tinh.example';
const REFUSAL = '550 5.1.1 no such user';
const OFFICE = 'vanphong@tinh.example';

describe('delivery through SMTP with a refused recipient', () => {
  let ws: string;
  let smtp: TestSmtpServer;
  const run = async (): Promise<{ code: number; doc: RunJsonDoc; stderr: string }> => {
    const res = await runCli(['run', '--workspace', ws, '--json', '--as-of', AS_OF], { SMTP_URL: smtp.url });
    return { code: res.code, doc: JSON.parse(res.stdout || '{}') as RunJsonDoc, stderr: res.stderr };
  };
  const mails = (): Promise<ParsedMail[]> => Promise.all(smtp.received.map((r) => simpleParser(Buffer.from(r.data, 'latin1'))));
  const toOf = (m: ParsedMail): string => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address ?? '';

  beforeAll(async () => {
    ws = await mkdtemp(join(tmpdir(), 'ntp-smtp-'));
    await writeXlsxProvince(ws);
    smtp = await startSmtpServer([[REFUSED, REFUSAL]]);
  });
  afterAll(async () => {
    await smtp.close();
    await rm(ws, { recursive: true, force: true });
  });

  it('completes, reports the refused recipient, and retries only that one until it gets through', async () => {
    const first = await run();
    expect(first.code, first.stderr).toBe(0);
    const addressed = new Set(first.doc.alerts.flatMap((a) => a.recipients));
    expect(addressed.has(REFUSED)).toBe(true);
    expect(first.doc.delivery).toEqual({ sent: addressed.size - 1, failed: [{ recipient: REFUSED, message: REFUSAL }] });
    expect(first.stderr).toContain(`Thư: đã gửi ${addressed.size - 1}, không gửi được 1 (${REFUSED}: ${REFUSAL}); sẽ gửi lại ở lượt sau`);
    // The SMTP path writes no outbox.
    await expect(readdir(join(ws, 'outbox'))).rejects.toMatchObject({ code: 'ENOENT' });

    const second = await run();
    expect(second.code, second.stderr).toBe(0);
    // The refused recipient again, and the office's notice about it.
    expect(second.doc.delivery).toEqual({ sent: 1, failed: [{ recipient: REFUSED, message: REFUSAL }] });

    smtp.refuse.clear();
    const third = await run();
    expect(third.code, third.stderr).toBe(0);
    expect(third.doc.delivery).toEqual({ sent: 1, failed: [] });
    expect(third.stderr).not.toContain('không gửi được');

    const quiet = await run();
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.doc).not.toHaveProperty('delivery');

    expect(smtp.rcpts.filter((r) => r === REFUSED)).toHaveLength(3);
    const received = await mails();
    const perRecipient = new Map<string, number>();
    for (const m of received) perRecipient.set(toOf(m), (perRecipient.get(toOf(m)) ?? 0) + 1);
    expect(Object.fromEntries(perRecipient)).toEqual(Object.fromEntries([...addressed].map((a) => [a, a === OFFICE ? 2 : 1])));
    const notice = received.filter((m) => toOf(m) === OFFICE)[1];
    expect(notice?.subject).toBe('[NTM-GN] Kỳ 2024: 1 thư cảnh báo không gửi được');
    expect(notice?.text).toContain(`- ${REFUSED}: địa chỉ bị từ chối (${REFUSAL})`);
    const toRefused = received.find((m) => toOf(m) === REFUSED);
    expect(toRefused?.subject).toMatch(/cảnh báo mới/);
  });
});
