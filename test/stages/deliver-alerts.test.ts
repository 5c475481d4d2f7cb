import { link, mkdir, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoClient, ensureTable } from '../../shared/adapters/dynamo/dynamo-client.js';
import { DynamoStore } from '../../shared/adapters/dynamo/dynamo-store.js';
import { startEmbeddedDynamo } from '../../shared/adapters/dynamo/embedded-dynamo.js';
import { EmlMailer, MAX_NAME_ATTEMPTS, sanitiseRecipient, vietnamStamp } from '../../shared/adapters/mail/eml-mailer.js';
import { SmtpMailer } from '../../shared/adapters/mail/smtp-mailer.js';
import type { Alert } from '../../shared/alerts/alert.js';
import { recipientsFor } from '../../shared/alerts/build-alerts.js';
import type { Recipient } from '../../shared/domain/config.js';
import { Hierarchy } from '../../shared/domain/hierarchy.js';
import { periodId, unitCode } from '../../shared/domain/ids.js';
import type { Unit } from '../../shared/domain/unit.js';
import { deliverAlerts, type DeliverAlertsInput, type DeliverAlertsResult } from '../../shared/stages/deliver-alerts.js';
import type { Mailer } from '../../shared/ports/mailer.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

/**
 * The alert stage against the real store (in-process DynamoDB-compatible server) and real mailers
 * (an SMTP server on 127.0.0.1 that refuses chosen recipients; the outbox on disk), run after run.
 */

const PERIOD = periodId('2024');
const FROM = 'Văn phòng Điều phối NTM <khong-tra-loi@ntm.example>';
const OFFICE = 'vanphong@tinh.example';
const LEADER = 'lanhdao@tinh.example';
const A = 'huyena@tinh.example';
const B = 'huyenb@tinh.example';
const REFUSAL = '550 5.1.1 no such user';

const unit = (code: string, name: string, level: Unit['level'], parent?: string, emails: string[] = []): Unit => ({
  code: unitCode(code),
  name,
  level,
  ...(parent === undefined ? {} : { parent: unitCode(parent) }),
  groups: [],
  ...(level === 'huyen' ? { workbook: `${code}.xlsx` } : {}),
  emails,
});
const hierarchy = new Hierarchy([unit('01', 'Tỉnh Thử', 'tinh'), unit('001', 'Huyện A', 'huyen', '01', [A]), unit('002', 'Huyện B', 'huyen', '01', [B])]);
const recipients: Recipient[] = [
  { email: OFFICE, role: 'văn phòng' },
  // Reads every alert, but is not the office: not told about undelivered mail.
  { email: LEADER, role: 'lãnh đạo' },
];

function invalid(code: '001' | '002', errors: number): Alert {
  const name = code === '001' ? 'Huyện A' : 'Huyện B';
  return {
    kind: 'data_invalid',
    unit: code,
    severity: 'warning',
    message: `${name}: bảng tính còn ${errors} lỗi.`,
    key: `data_invalid|${code}|`,
    fingerprint: `invalid|${errors}`,
    recipients: recipientsFor(hierarchy, recipients, code),
  };
}
const ALERTS = [invalid('001', 2), invalid('002', 3)];
const day = (n: number): Date => new Date(Date.UTC(2024, 11, 20 + n, 5));

interface Harness {
  store: DynamoStore;
  close(): Promise<void>;
}

async function openStore(): Promise<Harness> {
  const db = await startEmbeddedDynamo({});
  const client = createDynamoClient({ endpoint: db.endpoint });
  await ensureTable(client, 'ntp-monitor');
  return {
    store: new DynamoStore({ client, tableName: 'ntp-monitor' }),
    close: async () => {
      client.destroy();
      await db.close();
    },
  };
}

const inputOf = (n: number, alerts: readonly Alert[] = ALERTS): DeliverAlertsInput => ({
  runId: `run-${n}`,
  alerts,
  period: PERIOD,
  asOf: day(n).toISOString().slice(0, 10),
  runAt: day(n).toISOString(),
  hierarchy,
  recipients,
  summaryLink: 'summary.xlsx',
  reminderDays: 7,
  now: day(n),
});
const deliver = (h: Harness, mailer: Mailer, n: number, alerts: readonly Alert[] = ALERTS): Promise<DeliverAlertsResult> =>
  deliverAlerts(inputOf(n, alerts), { store: h.store, mailer });

const toOf = (m: ParsedMail): string => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address ?? '';
const parseAll = (raw: readonly (string | Buffer)[]): Promise<ParsedMail[]> =>
  Promise.all(raw.map((r) => simpleParser(typeof r === 'string' ? Buffer.from(r, 'latin1') : r)));
const countBy = (mails: readonly ParsedMail[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const m of mails) out[toOf(m)] = (out[toOf(m)] ?? 0) + 1;
  return out;
};

describe('deliverAlerts over SMTP with one recipient refused', () => {
  let h: Harness;
  let smtp: TestSmtpServer;
  beforeEach(async () => {
    h = await openStore();
    smtp = await startSmtpServer([[B, REFUSAL]]);
  });
  afterEach(async () => {
    await smtp.close();
    await h.close();
  });

  it('sends everyone else one copy, retries the refused one each run, tells the office once, and clears the record once it gets through', async () => {
    const mailer = new SmtpMailer({ url: smtp.url, from: FROM });

    const first = await deliver(h, mailer, 0);
    expect(first.delivery).toEqual({ sent: 3, failed: [{ recipient: B, message: REFUSAL }] });
    expect(first.sent).toHaveLength(3);
    expect(await h.store.loadDeliveryFailures(PERIOD)).toEqual([
      {
        recipient: B,
        address: B,
        message: REFUSAL,
        permanent: true,
        firstFailedAt: day(0).toISOString(),
        lastFailedAt: day(0).toISOString(),
        attempts: 1,
        officeTold: [],
      },
    ]);

    // Still refused: only the refused recipient is tried, and the office hears about it.
    const second = await deliver(h, mailer, 1);
    expect(second.delivery).toEqual({ sent: 1, failed: [{ recipient: B, message: REFUSAL }] });
    const failure = (await h.store.loadDeliveryFailures(PERIOD))[0];
    expect(failure).toMatchObject({ recipient: B, attempts: 2, firstFailedAt: day(0).toISOString(), lastFailedAt: day(1).toISOString(), officeTold: [OFFICE] });

    // The server now accepts the address.
    smtp.refuse.clear();
    const third = await deliver(h, mailer, 2);
    expect(third.delivery).toEqual({ sent: 1, failed: [] });
    expect(await h.store.loadDeliveryFailures(PERIOD)).toEqual([]);

    // Nothing left to say: nothing is sent and nothing is written.
    const writes = h.store.writeCount;
    expect(await deliver(h, mailer, 3)).toEqual({ sent: [] });
    expect(h.store.writeCount).toBe(writes);

    // Tried in runs 1, 2 and 3; everyone else offered exactly once (plus the office's notice).
    expect(smtp.rcpts.filter((r) => r === B)).toHaveLength(3);
    const mails = await parseAll(smtp.received.map((r) => r.data));
    expect(countBy(mails)).toEqual({ [A]: 1, [LEADER]: 1, [OFFICE]: 2, [B]: 1 });

    const toB = mails.filter((m) => toOf(m) === B);
    expect(toB[0]?.text).toContain('Huyện B: bảng tính còn 3 lỗi.');
    const toOffice = mails.filter((m) => toOf(m) === OFFICE);
    expect(toOffice[0]?.text).toContain('Huyện A: bảng tính còn 2 lỗi.');
    expect(toOffice[0]?.text).not.toContain('KHÔNG GỬI ĐƯỢC THƯ');
    const notice = toOffice[1];
    expect(notice?.subject).toBe('[NTM-GN] Kỳ 2024: 1 thư cảnh báo không gửi được');
    expect(notice?.text).toContain(`1. KHÔNG GỬI ĐƯỢC THƯ (1)\n   - ${B}: địa chỉ bị từ chối (${REFUSAL}), từ 20/12/2024 12:00, đã thử 1 lần.`);
    expect(notice?.text?.split(B).length).toBe(2);
    expect(notice?.html).toContain('Không gửi được thư (1)');
  });

  it('tells the office in the digest it gets anyway, when something is due for it', async () => {
    const mailer = new SmtpMailer({ url: smtp.url, from: FROM });
    await deliver(h, mailer, 0);
    // A changed alert for Huyện A: the office's digest carries it and the notice together.
    const changed = [invalid('001', 5), invalid('002', 3)];
    const second = await deliver(h, mailer, 1, changed);
    expect(second.delivery).toEqual({ sent: 3, failed: [{ recipient: B, message: REFUSAL }] });
    const mails = await parseAll(smtp.received.map((r) => r.data));
    const office = mails.filter((m) => toOf(m) === OFFICE);
    expect(office).toHaveLength(2);
    expect(office[1]?.subject).toBe('[NTM-GN] Kỳ 2024: 1 cảnh báo mới (1 có lỗi số liệu); 1 thư cảnh báo không gửi được');
    expect(office[1]?.text).toContain('Huyện A: bảng tính còn 5 lỗi.');
    expect(office[1]?.text).toContain(`- ${B}: địa chỉ bị từ chối`);
    expect(mails.filter((m) => toOf(m) === LEADER).map((m) => m.text?.includes('KHÔNG GỬI ĐƯỢC THƯ'))).toEqual([false, false]);
  });

  it('does not tell an office recipient about itself, and tells the other office recipient', async () => {
    const offices: Recipient[] = [
      { email: OFFICE, role: 'văn phòng' },
      { email: 'Pho.VanPhong@tinh.example', role: 'văn phòng' },
    ];
    const routed = ALERTS.map((a) => ({ ...a, recipients: recipientsFor(hierarchy, offices, a.unit) }));
    const mailer = new SmtpMailer({ url: smtp.url, from: FROM });
    smtp.refuse.set(OFFICE, '450 4.2.2 mailbox full');
    const run = (n: number) =>
      deliverAlerts(
        {
          runId: `run-${n}`,
          alerts: routed,
          period: PERIOD,
          asOf: '2024-12-20',
          runAt: day(n).toISOString(),
          hierarchy,
          recipients: offices,
          reminderDays: 7,
          now: day(n),
        },
        { store: h.store, mailer },
      );
    await run(0);
    const before = smtp.received.length;
    const second = await run(1);
    expect(second.delivery?.failed.map((f) => f.recipient)).toEqual([OFFICE, B]);
    const notices = await parseAll(smtp.received.slice(before).map((r) => r.data));
    expect(notices.map(toOf)).toEqual(['Pho.VanPhong@tinh.example']);
    expect(notices[0]?.text).toContain(`- ${B}: địa chỉ bị từ chối`);
    expect(notices[0]?.text).toContain(`- ${OFFICE}: tạm thời không gửi được (450 4.2.2 mailbox full)`);
    expect((await h.store.loadDeliveryFailures(PERIOD)).map((f) => [f.recipient, f.officeTold])).toEqual([
      [B, ['pho.vanphong@tinh.example']],
      [OFFICE, ['pho.vanphong@tinh.example']],
    ]);
  });

  it('reports every recipient failed when the server is unreachable, and sends them all next run', async () => {
    const url = smtp.url;
    await smtp.close();
    const down = await deliver(h, new SmtpMailer({ url, from: FROM }), 0);
    expect(down.sent).toEqual([]);
    expect(down.delivery?.failed.map((f) => f.recipient).sort()).toEqual([A, B, LEADER, OFFICE].sort());
    expect(down.delivery?.failed.every((f) => f.message.startsWith('Không kết nối được máy chủ thư'))).toBe(true);

    const up = await startSmtpServer();
    try {
      const next = await deliver(h, new SmtpMailer({ url: up.url, from: FROM }), 1);
      expect(next.delivery).toEqual({ sent: 4, failed: [] });
      expect(countBy(await parseAll(up.received.map((r) => r.data)))).toEqual({ [A]: 1, [B]: 1, [LEADER]: 1, [OFFICE]: 1 });
      expect(await h.store.loadDeliveryFailures(PERIOD)).toEqual([]);
    } finally {
      await up.close();
    }
  });
});

describe('deliverAlerts repeated within one run (a retried Lambda task)', () => {
  let h: Harness;
  let smtp: TestSmtpServer;
  beforeEach(async () => {
    h = await openStore();
    smtp = await startSmtpServer();
  });
  afterEach(async () => {
    await smtp.close();
    await h.close();
  });

  it('sends no second copy when the task died after sending, before it could save what it sent', async () => {
    const mailer = new SmtpMailer({ url: smtp.url, from: FROM });
    // The first attempt sends, then dies saving the states (as a Lambda timing out would).
    const dying = Object.assign(Object.create(h.store) as DynamoStore, {
      saveAlertStates: () => Promise.reject(new Error('Task timed out')),
    });
    await expect(deliverAlerts({ ...inputOf(0), runId: 'run-A' }, { store: dying, mailer })).rejects.toThrow('Task timed out');
    const first = smtp.received.length;
    expect(first).toBe(4);
    const retried = await deliverAlerts({ ...inputOf(0), runId: 'run-A' }, { store: h.store, mailer });
    expect(retried.sent).toEqual([]);
    expect(smtp.received.length).toBe(first);
    // A completed stage repeated sends nothing either.
    const done = await deliverAlerts({ ...inputOf(1), runId: 'run-B' }, { store: h.store, mailer });
    expect(done.sent).toHaveLength(4);
    const repeated = await deliverAlerts({ ...inputOf(1), runId: 'run-B' }, { store: h.store, mailer });
    expect(repeated.sent).toEqual([]);
    // ...and reports the run's delivery as the first attempt did, so the run's result is the same.
    expect(repeated.delivery).toEqual(done.delivery);
    expect(smtp.received.length).toBe(first + 4);
  });
});

describe('deliverAlerts after the upgrade to per-recipient states', () => {
  let h: Harness;
  let smtp: TestSmtpServer;
  beforeEach(async () => {
    h = await openStore();
    smtp = await startSmtpServer();
  });
  afterEach(async () => {
    await smtp.close();
    await h.close();
  });

  it('takes states stored without a recipient as sent to everyone: nothing is sent again', async () => {
    // What the previous version stored after sending both alerts (key only).
    await h.store.saveAlertStates(
      PERIOD,
      ALERTS.map((a) => ({ key: a.key, fingerprint: a.fingerprint, lastSentAt: day(0).toISOString() })),
    );
    const writes = h.store.writeCount;
    const mailer = new SmtpMailer({ url: smtp.url, from: FROM });
    expect(await deliver(h, mailer, 1)).toEqual({ sent: [] });
    expect(h.store.writeCount).toBe(writes);
    expect(smtp.connections).toBe(0);

    // A change is sent to that alert's recipients only, and stored per recipient from then on.
    const now = [invalid('001', 4), ALERTS[1] as Alert];
    const changed = await deliver(h, mailer, 2, now);
    expect(changed.delivery).toEqual({ sent: 3, failed: [] });
    expect(smtp.received.map((r) => r.to[0]).sort()).toEqual([A, LEADER, OFFICE].sort());
    const states = await h.store.loadAlertStates(PERIOD);
    expect(
      states
        .filter((s) => s.recipient !== undefined)
        .map((s) => `${s.key} ${s.recipient} ${s.fingerprint}`)
        .sort(),
    ).toEqual([A, LEADER, OFFICE].map((r) => `data_invalid|001| ${r} invalid|4`).sort());
    // The reminder interval still counts from the old send for everyone.
    const reminded = await deliver(h, mailer, 7, now);
    expect(reminded.delivery?.sent).toBe(3);
    expect(
      smtp.received
        .slice(3)
        .map((r) => r.to[0])
        .sort(),
    ).toEqual([B, LEADER, OFFICE].sort());
  });
});

describe('deliverAlerts to the outbox with one message file that cannot be written', () => {
  let h: Harness;
  let dir: string;
  beforeEach(async () => {
    h = await openStore();
    dir = await mkdtemp(join(tmpdir(), 'ntp-deliver-'));
  });
  afterEach(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('behaves as with a refusal: others get one file, the blocked one is retried and written once free', async () => {
    const outbox = join(dir, 'outbox');
    await mkdir(outbox);
    // Every file name B's message could take in this (pinned) second is already taken.
    const blockers: string[] = [];
    const stamp = vietnamStamp(day(0));
    const first = join(outbox, 'not-ours.eml');
    await writeFile(first, 'not ours');
    for (let i = 1; i <= 4; i += 1) {
      const base = `${stamp}-${String(i).padStart(3, '0')}-${sanitiseRecipient(B)}`;
      for (let n = 1; n <= MAX_NAME_ATTEMPTS; n += 1) {
        const path = join(outbox, n === 1 ? `${base}.eml` : `${base}-${n}.eml`);
        await link(first, path);
        blockers.push(path);
      }
    }
    const mailer = new EmlMailer({ outboxDir: outbox, from: FROM, now: () => day(0) });
    const blocked = { recipient: B, message: 'Không ghi được thư vào hộp thư đi (EEXIST).' };

    expect((await deliver(h, mailer, 0)).delivery).toEqual({ sent: 3, failed: [blocked] });
    const second = await deliver(h, mailer, 1);
    expect(second.delivery).toEqual({ sent: 1, failed: [blocked] });
    await Promise.all([first, ...blockers].map((p) => unlink(p)));
    const third = await deliver(h, mailer, 2);
    expect(third.delivery).toEqual({ sent: 1, failed: [] });
    expect(await deliver(h, mailer, 3)).toEqual({ sent: [] });

    const files = (await readdir(outbox)).filter((f) => f.endsWith('.eml'));
    const mails = await parseAll(await Promise.all(files.map((f) => readFile(join(outbox, f)))));
    expect(countBy(mails)).toEqual({ [A]: 1, [LEADER]: 1, [OFFICE]: 2, [B]: 1 });
    const notice = mails.find((m) => toOf(m) === OFFICE && m.subject?.includes('không gửi được'));
    expect(notice?.text).toContain(`- ${B}: tạm thời không gửi được (Không ghi được thư vào hộp thư đi (EEXIST).), từ 20/12/2024 12:00, đã thử 1 lần.`);
  });
});

describe('deliverAlerts: reminders, fixes and what each reader is pointed at', () => {
  let h: Harness;
  let outbox: string;
  beforeEach(async () => {
    h = await openStore();
    outbox = await mkdtemp(join(tmpdir(), 'ntp-deliver-'));
  });
  afterEach(async () => {
    await h.close();
    await rm(outbox, { recursive: true, force: true });
  });

  /** The mails of run n, parsed back from the outbox, by recipient. */
  const runMails = async (n: number, alerts: readonly Alert[], units?: DeliverAlertsInput['units'], reminderDays = 7): Promise<Map<string, ParsedMail>> => {
    const dir = join(outbox, `run-${n}`);
    const mailer = new EmlMailer({ outboxDir: dir, from: FROM, now: () => day(n) });
    await deliverAlerts({ ...inputOf(n, alerts), reminderDays, ...(units === undefined ? {} : { units }) }, { store: h.store, mailer });
    const files = await readdir(dir).catch(() => [] as string[]);
    const mails = await Promise.all(files.map(async (f) => simpleParser(await readFile(join(dir, f)))));
    return new Map(mails.map((m) => [toOf(m), m]));
  };
  const withProblems = (a: Alert): Alert => ({
    ...a,
    problems: {
      errors: 2,
      warnings: 0,
      list: [
        { severity: 'error', tab: 'NTM', cell: 'D4', message: 'TC2 (Giao thông): "đạt lắm" không phải là kết quả tiêu chí hợp lệ.' },
        { severity: 'error', tab: 'NTM', cell: 'G4', message: 'TC5 (Điện): Chưa nhập kết quả tiêu chí.' },
      ],
    },
  });

  it("lists a unit's problems in its own e-mail and points at its workbook, while the office gets the summary", async () => {
    const mails = await runMails(0, [withProblems(invalid('001', 2))]);
    const toA = mails.get(A);
    expect(toA?.text).toContain('• Trang "NTM", ô D4: TC2 (Giao thông): "đạt lắm" không phải là kết quả tiêu chí hợp lệ.');
    expect(toA?.text).toContain('• Trang "NTM", ô G4: TC5 (Điện): Chưa nhập kết quả tiêu chí.');
    expect(toA?.text).toContain('trong bảng tính báo cáo của đơn vị (001.xlsx)');
    expect(toA?.text).not.toContain('summary.xlsx');
    expect(toA?.html).not.toContain('summary.xlsx');
    const office = mails.get(OFFICE);
    expect(office?.text).toContain('bảng tổng hợp (summary.xlsx)');
    expect(office?.text).not.toContain('ô D4');
    // Người nhận other than the office read the summary too.
    expect(mails.get(LEADER)?.text).toContain('summary.xlsx');
  });

  it('sends an unchanged alert again after the interval as a reminder, with the day it was first sent', async () => {
    await runMails(0, ALERTS);
    expect((await runMails(3, ALERTS)).size).toBe(0);
    const reminded = await runMails(7, ALERTS);
    expect(reminded.get(OFFICE)?.subject).toBe('[NTM-GN] Kỳ 2024: Nhắc lại 2 cảnh báo, gửi lần đầu ngày 20/12/2024 (2 có lỗi số liệu)');
    expect(reminded.get(A)?.subject).toBe('[NTM-GN] Kỳ 2024: Nhắc lại 1 cảnh báo, gửi lần đầu ngày 20/12/2024 (1 có lỗi số liệu)');
    expect(reminded.get(A)?.text).toContain('(nhắc lại: gửi lần đầu ngày 20/12/2024)');
    // The next reminder still names the first day.
    expect((await runMails(14, ALERTS)).get(OFFICE)?.subject).toContain('gửi lần đầu ngày 20/12/2024');
  });

  it('tells everyone who had the error digest that the unit fixed it, once', async () => {
    await runMails(0, ALERTS, [
      { code: unitCode('001'), status: 'invalid' },
      { code: unitCode('002'), status: 'invalid' },
    ]);
    const fixed = [
      { code: unitCode('001'), status: 'ok' as const },
      { code: unitCode('002'), status: 'invalid' as const },
    ];
    const next = await runMails(1, [invalid('002', 3)], fixed);
    expect([...next.keys()].sort()).toEqual([A, LEADER, OFFICE].sort());
    expect(next.get(OFFICE)?.subject).toBe('[NTM-GN] Kỳ 2024: 1 đơn vị đã sửa xong lỗi');
    expect(next.get(OFFICE)?.text).toContain(
      'ĐÃ SỬA XONG LỖI (1)\n   - Huyện A: bảng tính không còn lỗi, số liệu đã được tổng hợp (lỗi được báo từ ngày 20/12/2024).',
    );
    expect(next.get(A)?.text).toContain('Huyện A: bảng tính không còn lỗi');
    expect(next.get(B)).toBeUndefined();
    // Said once: the run after sends nothing.
    expect((await runMails(2, [invalid('002', 3)], fixed)).size).toBe(0);
    // The error coming back is a new alert, not a reminder.
    const back = await runMails(3, ALERTS, [
      { code: unitCode('001'), status: 'invalid' },
      { code: unitCode('002'), status: 'invalid' },
    ]);
    expect(back.get(A)?.subject).toBe('[NTM-GN] Kỳ 2024: 1 cảnh báo mới (1 có lỗi số liệu)');
  });

  it('says nothing is fixed for a unit that went missing', async () => {
    await runMails(0, ALERTS);
    const next = await runMails(
      1,
      [invalid('002', 3)],
      [
        { code: unitCode('001'), status: 'missing' },
        { code: unitCode('002'), status: 'invalid' },
      ],
    );
    expect(next.size).toBe(0);
  });
});
