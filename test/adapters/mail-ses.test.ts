import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MailConfigError } from '../../shared/adapters/mail/mail-errors.js';
import { createSesClient } from '../../shared/adapters/ses/ses-client.js';
import { describeSesFailure, SesMailer } from '../../shared/adapters/ses/ses-mailer.js';
import type { MailDelivery, MailMessage } from '../../shared/ports/mailer.js';
import { startSesLocal, type SesLocal } from '../../scripts/lib/aws-local/ses-local.js';

const FROM = 'Văn phòng Điều phối NTM <khong-tra-loi@ntm.example>';
const message = (to: string, n: number): MailMessage => ({
  to,
  subject: `Tổng hợp cảnh báo kỳ 2019-Q3: ${n} xã chưa đạt tiêu chí số 17 (Môi trường và an toàn thực phẩm)`,
  text: `Kính gửi anh/chị,\n.\nHuyện Đắk Glong có ${n} xã nộp báo cáo muộn.\nTrân trọng.`,
  html: `<p>Kính gửi anh/chị,</p><p>Huyện <b>Đắk Glong</b> có ${n} xã nộp báo cáo muộn.</p>`,
});
const failures = (ds: readonly MailDelivery[]) => ds.flatMap((d) => (d.ok ? [] : [d]));
const sendRequests = (ses: SesLocal) => ses.requests.filter((r) => r.method === 'POST' && r.path === '/v2/email/outbound-emails');

let ses: SesLocal;
const client = () => createSesClient({ endpoint: ses.endpoint });

beforeAll(async () => {
  ses = await startSesLocal();
});
afterAll(async () => {
  await ses.close();
});
beforeEach(async () => {
  await ses.clear();
});

describe('SesMailer', () => {
  it('sends one SendEmail per message; each parses back with Vietnamese subject, sender name, text and HTML', async () => {
    const mailer = new SesMailer({ client: client(), from: FROM, configurationSetName: 'ntp-alerts' });
    const out = await mailer.send([message('lan@daknong.gov.vn', 3), message('Trần Văn Đức <duc@daknong.gov.vn>', 5)]);

    expect(out.map((d) => [d.to, d.ok])).toEqual([
      ['lan@daknong.gov.vn', true],
      ['Trần Văn Đức <duc@daknong.gov.vn>', true],
    ]);
    const stored = await ses.emails();
    expect(out.flatMap((d) => (d.ok ? [d.id] : []))).toEqual(stored.map((e) => e.messageId));

    // What the stand-in made of each message (it parses the Raw MIME as a mail client would).
    expect(stored[1]?.subject).toBe(message('x', 5).subject);
    expect(stored[1]?.from).toBe('"Văn phòng Điều phối NTM" <khong-tra-loi@ntm.example>');
    expect(stored[1]?.destination.to).toEqual(['"Trần Văn Đức" <duc@daknong.gov.vn>']);
    expect(stored[1]?.body.text?.trim()).toBe(message('x', 5).text);
    expect(stored[1]?.body.html).toBe(message('x', 5).html);

    // What went over the wire, as SES receives it.
    const sent = sendRequests(ses);
    expect(sent).toHaveLength(2);
    for (const request of sent) {
      expect(request.body['FromEmailAddress']).toBe('khong-tra-loi@ntm.example');
      expect(request.body['ConfigurationSetName']).toBe('ntp-alerts');
      expect(request.body['Destination']).toBeUndefined();
    }
    const mime = sent[1]?.mime ?? Buffer.alloc(0);
    const headerBlock = mime.toString('latin1').split('\r\n\r\n')[0] ?? '';
    // SES wants 7-bit headers: the display names and subject are RFC 2047 encoded words.
    expect(/[^\p{ASCII}]/u.test(headerBlock)).toBe(false);
    expect(headerBlock).toMatch(/^From: =\?UTF-8\?/m);
    expect(headerBlock).toMatch(/^Subject: =\?UTF-8\?/m);
    const parsed = await simpleParser(mime);
    expect(parsed.subject).toBe(message('x', 5).subject);
    expect(parsed.from?.value).toEqual([{ address: 'khong-tra-loi@ntm.example', name: 'Văn phòng Điều phối NTM' }]);
    const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
    expect(to?.value).toEqual([{ address: 'duc@daknong.gov.vn', name: 'Trần Văn Đức' }]);
    expect(parsed.text?.trim()).toBe(message('x', 5).text);
    expect(parsed.html).toBe(message('x', 5).html);
  });

  it('leaves ConfigurationSetName out when none is set', async () => {
    await new SesMailer({ client: client(), from: FROM }).send([message('a@x.vn', 1)]);
    expect(sendRequests(ses)[0]?.body).not.toHaveProperty('ConfigurationSetName');
  });

  it('returns a recipient SES rejects as a permanent failure with its reply, and sends the others', async () => {
    ses.fault = (r) =>
      r.mime?.toString('latin1').includes('To: bad@daknong.gov.vn') === true
        ? {
            error: 'MessageRejected',
            status: 400,
            message: 'Email address is not verified. The following identities failed the check in region AP-SOUTHEAST-1: bad@daknong.gov.vn',
          }
        : undefined;
    const mailer = new SesMailer({ client: client(), from: FROM });
    const out = await mailer.send([message('a@daknong.gov.vn', 1), message('bad@daknong.gov.vn', 2), message('c@daknong.gov.vn', 3)]);
    expect(out.map((d) => d.ok)).toEqual([true, false, true]);
    expect(failures(out)).toEqual([
      {
        to: 'bad@daknong.gov.vn',
        ok: false,
        message:
          'SES từ chối thư (MessageRejected: Email address is not verified. The following identities failed the check in region AP-SOUTHEAST-1: bad@daknong.gov.vn)',
        permanent: true,
      },
    ]);
    expect((await ses.emails()).map((e) => e.destination.to)).toEqual([['a@daknong.gov.vn'], ['c@daknong.gov.vn']]);
    // A rejection is not retried by the SDK: one request per message.
    expect(sendRequests(ses)).toHaveLength(3);
  });

  it('marks a dropped connection as transient for that message only, and goes on', async () => {
    ses.fault = (r) => (r.mime?.toString('latin1').includes('To: flaky@x.vn') === true ? { drop: true } : undefined);
    const out = await new SesMailer({ client: client(), from: FROM }).send([message('flaky@x.vn', 1), message('b@x.vn', 2)]);
    expect(out.map((d) => d.ok)).toEqual([false, true]);
    expect(failures(out)[0]).toMatchObject({ to: 'flaky@x.vn', permanent: false });
    expect(failures(out)[0]?.message).toMatch(/^Không kết nối được dịch vụ gửi thư SES: /);
    // The SDK retried the dropped request (maxAttempts 2 locally) before giving up on it.
    expect(sendRequests(ses)).toHaveLength(3);
  });

  it('when SES refuses the sender, fails every message with that reason (not thrown) after one call', async () => {
    ses.fault = () => ({
      error: 'MailFromDomainNotVerifiedException',
      status: 400,
      message: 'The message cannot be sent because the sending domain is not verified.',
    });
    const out = await new SesMailer({ client: client(), from: FROM }).send([message('a@x.vn', 1), message('b@x.vn', 2), message('c@x.vn', 3)]);
    expect(out.map((d) => [d.to, d.ok])).toEqual([
      ['a@x.vn', false],
      ['b@x.vn', false],
      ['c@x.vn', false],
    ]);
    for (const f of failures(out)) {
      expect(f.permanent).toBe(false);
      expect(f.message).toBe(
        'SES không gửi thư từ khong-tra-loi@ntm.example (MailFromDomainNotVerifiedException: The message cannot be sent because the sending domain is not verified.); văn phòng kiểm tra cấu hình gửi thư.',
      );
    }
    expect(sendRequests(ses)).toHaveLength(1);
  });

  it('treats "not verified" naming our own address as a sender refusal', async () => {
    ses.fault = () => ({
      error: 'MessageRejected',
      status: 400,
      message: 'Email address is not verified. The following identities failed the check in region EU-WEST-1: Khong-Tra-Loi@ntm.example',
    });
    const out = await new SesMailer({ client: client(), from: FROM }).send([message('a@x.vn', 1), message('b@x.vn', 2)]);
    expect(out.map((d) => d.ok)).toEqual([false, false]);
    expect(failures(out).every((f) => !f.permanent && f.message.startsWith('SES không gửi thư từ khong-tra-loi@ntm.example'))).toBe(true);
    expect(sendRequests(ses)).toHaveLength(1);
  });

  it('keeps what was accepted when the account is paused mid-batch', async () => {
    ses.fault = () =>
      sendRequests(ses).length > 1 ? { error: 'SendingPausedException', status: 400, message: 'Sending is paused for this account.' } : undefined;
    const out = await new SesMailer({ client: client(), from: FROM }).send([message('a@x.vn', 1), message('b@x.vn', 2), message('c@x.vn', 3)]);
    expect(out.map((d) => d.ok)).toEqual([true, false, false]);
    expect(failures(out).map((f) => f.message)).toEqual([expect.stringContaining('SendingPausedException'), expect.stringContaining('SendingPausedException')]);
    expect(await ses.emails()).toHaveLength(1);
  });

  it('throttling after the SDK retries is transient; two in a row stop the batch', async () => {
    ses.fault = () => ({ error: 'TooManyRequestsException', status: 429, message: 'Maximum sending rate exceeded.' });
    // One attempt per call: the SDK's back-off on throttling would only make the test slow
    // (the dropped-connection test shows its retries).
    const once = createSesClient({ endpoint: ses.endpoint, maxAttempts: 1 });
    const out = await new SesMailer({ client: once, from: FROM }).send([message('a@x.vn', 1), message('b@x.vn', 2), message('c@x.vn', 3)]);
    expect(out.map((d) => d.ok)).toEqual([false, false, false]);
    expect(failures(out).every((f) => !f.permanent && f.message.includes('TooManyRequestsException: Maximum sending rate exceeded.'))).toBe(true);
    // Two messages tried; the third is not sent.
    expect(sendRequests(ses)).toHaveLength(2);
  });

  it('reports every message of a batch as failed (not thrown) when SES cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const mailer = new SesMailer({ client: createSesClient({ endpoint: `http://127.0.0.1:${port}` }), from: FROM });
    const out = await mailer.send([message('a@x.vn', 1), message('b@x.vn', 2), message('c@x.vn', 3)]);
    expect(out.map((d) => [d.to, d.ok])).toEqual([
      ['a@x.vn', false],
      ['b@x.vn', false],
      ['c@x.vn', false],
    ]);
    for (const f of failures(out)) {
      expect(f.permanent).toBe(false);
      expect(f.message).toMatch(/^Không kết nối được dịch vụ gửi thư SES: .*ECONNREFUSED/);
    }
  });

  it('checks the sender and the configuration set when constructed', () => {
    const c = client();
    expect(() => new SesMailer({ client: c, from: 'not an address' })).toThrow(MailConfigError);
    expect(() => new SesMailer({ client: c, from: 'a@x.vn, b@x.vn' })).toThrow(MailConfigError);
    expect(() => new SesMailer({ client: c, from: 'Phòng <phòng@x.vn>' })).toThrow(MailConfigError);
    expect(() => new SesMailer({ client: c, from: FROM, configurationSetName: 'has space' })).toThrow(MailConfigError);
    expect(new SesMailer({ client: c, from: 'vp@ntm.example', configurationSetName: 'ntp_alerts-1' })).toBeInstanceOf(SesMailer);
  });

  it('sends nothing for an empty batch', async () => {
    expect(await new SesMailer({ client: client(), from: FROM }).send([])).toEqual([]);
    expect(ses.requests).toEqual([]);
  });
});

describe('describeSesFailure', () => {
  const sdkError = (name: string, message: string, status: number) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
  it('classifies by error name, status and socket code', () => {
    expect(describeSesFailure(sdkError('AccountSuspendedException', 'suspended', 400), 'vp@x.vn')).toMatchObject({ scope: 'sender', permanent: false });
    expect(describeSesFailure(sdkError('NotFoundException', 'Configuration set <ntp> does not exist.', 404), 'vp@x.vn')).toMatchObject({ scope: 'sender' });
    expect(describeSesFailure(sdkError('BadRequestException', 'Missing final @domain', 400), 'vp@x.vn')).toMatchObject({ scope: 'message', permanent: true });
    expect(describeSesFailure(sdkError('InternalServiceErrorException', 'oops', 500), 'vp@x.vn')).toMatchObject({ scope: 'outage', permanent: false });
    expect(describeSesFailure(sdkError('Unknown', 'bad gateway', 502), 'vp@x.vn')).toMatchObject({ scope: 'outage' });
    expect(describeSesFailure(Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }), 'vp@x.vn')).toMatchObject({ scope: 'outage' });
    expect(describeSesFailure(sdkError('SomethingNew', 'new', 400), 'vp@x.vn')).toMatchObject({ scope: 'message', permanent: false });
    expect(describeSesFailure(sdkError('MessageRejected', `${'x'.repeat(500)}`, 400), 'vp@x.vn').message).toHaveLength(200);
  });
});
