import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { MailConfigError } from '../../shared/adapters/mail/mail-errors.js';
import { describeSmtpFailure, SmtpMailer } from '../../shared/adapters/mail/smtp-mailer.js';
import type { MailDelivery, MailMessage } from '../../shared/ports/mailer.js';
import { recipientsOf, startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

const FROM = 'Văn phòng Điều phối NTM <khong-tra-loi@ntm.example>';
const message = (to: string, n: number): MailMessage => ({
  to,
  subject: `Tổng hợp cảnh báo kỳ 2019-Q3 (${n} mục cần xử lý)`,
  text: `Kính gửi anh/chị,\n.\nCó ${n} đơn vị nộp báo cáo muộn.`,
  html: `<p>Kính gửi anh/chị,</p><p>Có <b>${n}</b> đơn vị nộp báo cáo muộn.</p>`,
});
const failures = (ds: readonly MailDelivery[]) => ds.flatMap((d) => (d.ok ? [] : [d]));

describe('SmtpMailer', () => {
  const servers: TestSmtpServer[] = [];
  const start = async (refuse: [string, string][] = []): Promise<TestSmtpServer> => {
    const s = await startSmtpServer(refuse);
    servers.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('delivers a batch over one connection; each message parses back intact', async () => {
    const smtp = await start();
    const mailer = new SmtpMailer({ url: smtp.url, from: FROM });
    const out = await mailer.send([message('lan@daknong.gov.vn', 3), message('Trần Đức <duc@daknong.gov.vn>', 5)]);

    expect(out.map((d) => [d.to, d.ok])).toEqual([
      ['lan@daknong.gov.vn', true],
      ['Trần Đức <duc@daknong.gov.vn>', true],
    ]);
    const ids = out.flatMap((d) => (d.ok ? [d.id] : []));
    expect(ids.every((id) => /^<.+@ntm\.example>$/.test(id))).toBe(true);
    expect(smtp.connections).toBe(1);
    expect(smtp.received.map((r) => [r.from, r.to])).toEqual([
      ['khong-tra-loi@ntm.example', ['lan@daknong.gov.vn']],
      ['khong-tra-loi@ntm.example', ['duc@daknong.gov.vn']],
    ]);
    const parsed = await simpleParser(Buffer.from(smtp.received[1]?.data ?? '', 'latin1'));
    expect(parsed.subject).toBe('Tổng hợp cảnh báo kỳ 2019-Q3 (5 mục cần xử lý)');
    expect(parsed.messageId).toBe(ids[1]);
    const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
    expect(to?.value).toEqual([{ address: 'duc@daknong.gov.vn', name: 'Trần Đức' }]);
    expect(parsed.from?.value[0]?.name).toBe('Văn phòng Điều phối NTM');
    // The lone "." line survives dot-stuffing.
    expect(parsed.text?.trim()).toBe('Kính gửi anh/chị,\n.\nCó 5 đơn vị nộp báo cáo muộn.');
    expect(parsed.html).toBe('<p>Kính gửi anh/chị,</p><p>Có <b>5</b> đơn vị nộp báo cáo muộn.</p>');
  });

  it('returns a refused recipient as a permanent failure with the server reply, and sends the others', async () => {
    const smtp = await start([['bad@daknong.gov.vn', '550 5.1.1 no such user']]);
    const mailer = new SmtpMailer({ url: smtp.url, from: FROM });
    const out = await mailer.send([message('a@daknong.gov.vn', 1), message('bad@daknong.gov.vn', 2), message('c@daknong.gov.vn', 3)]);
    expect(out.map((d) => d.ok)).toEqual([true, false, true]);
    expect(failures(out)).toEqual([{ to: 'bad@daknong.gov.vn', ok: false, message: '550 5.1.1 no such user', permanent: true }]);
    expect(recipientsOf(smtp)).toEqual([['a@daknong.gov.vn'], ['c@daknong.gov.vn']]);
  });

  it('marks a 4xx refusal as transient', async () => {
    const smtp = await start([['busy@x.vn', '450 4.2.1 mailbox busy, try later']]);
    const out = await new SmtpMailer({ url: smtp.url, from: FROM }).send([message('busy@x.vn', 1)]);
    expect(out).toEqual([{ to: 'busy@x.vn', ok: false, message: '450 4.2.1 mailbox busy, try later', permanent: false }]);
  });

  it('reports every message of a batch as failed (not thrown) when the server is not there', async () => {
    const smtp = await startSmtpServer();
    await smtp.close();
    const mailer = new SmtpMailer({ url: `smtp://user:s3cret@127.0.0.1:${smtp.port}`, from: FROM });
    const out = await mailer.send([message('a@x.vn', 1), message('b@x.vn', 2), message('c@x.vn', 3)]);
    expect(out.map((d) => [d.to, d.ok])).toEqual([
      ['a@x.vn', false],
      ['b@x.vn', false],
      ['c@x.vn', false],
    ]);
    for (const f of failures(out)) {
      expect(f.permanent).toBe(false);
      expect(f.message).toMatch(new RegExp(`^Không kết nối được máy chủ thư 127\\.0\\.0\\.1:${smtp.port}: .*ECONNREFUSED`));
      expect(f.message).not.toContain('s3cret');
    }
  });

  it('classifies nodemailer errors: replies quoted, connection problems in Vietnamese', () => {
    const reply = Object.assign(new Error("Can't send mail: 552 too big"), { code: 'EMESSAGE', response: '552 5.3.4 message\r\n too big', responseCode: 552 });
    expect(describeSmtpFailure(reply, 'mail.tinh.vn:25')).toEqual({ message: '552 5.3.4 message too big', permanent: true, connection: false });
    const drop = Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION', response: '421 closing', responseCode: 421 });
    expect(describeSmtpFailure(drop, 'mail.tinh.vn:25')).toEqual({
      message: 'Không kết nối được máy chủ thư mail.tinh.vn:25: Connection closed unexpectedly',
      permanent: false,
      connection: true,
    });
    expect(describeSmtpFailure(Object.assign(new Error('Message failed'), { code: 'ESTREAM' }), 'h:25').message).toBe(
      'Máy chủ thư h:25 không nhận thư: Message failed',
    );
    expect(describeSmtpFailure({ responseCode: 550, response: `550 ${'x'.repeat(500)}` }, 'h').message).toHaveLength(200);
  });

  it('checks the URL when constructed, without echoing credentials', () => {
    expect(() => new SmtpMailer({ url: 'http://127.0.0.1:25', from: FROM })).toThrow(MailConfigError);
    expect(() => new SmtpMailer({ url: 'not a url :secret', from: FROM })).toThrow(MailConfigError);
    expect(() => new SmtpMailer({ url: 'not a url :secret', from: FROM })).not.toThrow(/secret/);
    expect(new SmtpMailer({ url: 'smtp://user:p%40ss@127.0.0.1:2525', from: FROM })).toBeInstanceOf(SmtpMailer);
  });

  it('sends nothing for an empty batch', async () => {
    const smtp = await start();
    expect(await new SmtpMailer({ url: smtp.url, from: FROM }).send([])).toEqual([]);
    expect(smtp.connections).toBe(0);
  });
});
