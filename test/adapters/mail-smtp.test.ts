import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { MailConfigError, MailDeliveryError } from '../../shared/adapters/mail/mail-errors.js';
import { SmtpMailer } from '../../shared/adapters/mail/smtp-mailer.js';
import type { MailMessage } from '../../shared/ports/mailer.js';

interface Received {
  from: string;
  to: string[];
  data: string;
}

/**
 * A minimal SMTP server (RFC 5321 happy path: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT).
 * Recipients listed in `reject` get a 550 at RCPT.
 */
async function startSmtpServer(reject: readonly string[] = []): Promise<{ port: number; received: Received[]; connections: number; server: Server }> {
  const received: Received[] = [];
  const state = { port: 0, received, connections: 0, server: createServer() };
  state.server.on('connection', (socket: Socket) => {
    state.connections += 1;
    let buffer = '';
    let inData = false;
    let from = '';
    let to: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 test.local ESMTP');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          // Undo dot-stuffing (RFC 5321 4.5.2).
          const data = buffer.slice(0, end + 2).replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          received.push({ from, to, data });
          inData = false;
          reply('250 2.0.0 queued');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') {
          reply('250-test.local');
          reply('250 8BITMIME');
        } else if (verb === 'HELO' || verb === 'NOOP') reply('250 ok');
        else if (verb === 'RSET') {
          from = '';
          to = [];
          reply('250 ok');
        } else if (verb === 'MAIL') {
          from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          to = [];
          reply('250 ok');
        } else if (verb === 'RCPT') {
          const rcpt = /<([^>]*)>/.exec(line)?.[1] ?? '';
          if (reject.includes(rcpt)) reply('550 5.1.1 no such user');
          else {
            to.push(rcpt);
            reply('250 ok');
          }
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
          return;
        } else reply('502 not implemented');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  state.port = (state.server.address() as AddressInfo).port;
  return state;
}

const FROM = 'Văn phòng Điều phối NTM <khong-tra-loi@ntm.example>';
const message = (to: string, n: number): MailMessage => ({
  to,
  subject: `Tổng hợp cảnh báo kỳ 2019-Q3 (${n} mục cần xử lý)`,
  text: `Kính gửi anh/chị,\n.\nCó ${n} đơn vị nộp báo cáo muộn.`,
  html: `<p>Kính gửi anh/chị,</p><p>Có <b>${n}</b> đơn vị nộp báo cáo muộn.</p>`,
});

describe('SmtpMailer', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  });

  it('delivers a batch over one connection; each message parses back intact', async () => {
    const smtp = await startSmtpServer();
    servers.push(smtp.server);
    const mailer = new SmtpMailer({ url: `smtp://127.0.0.1:${smtp.port}`, from: FROM });
    const ids = await mailer.send([message('lan@daknong.gov.vn', 3), message('Trần Đức <duc@daknong.gov.vn>', 5)]);

    expect(ids).toHaveLength(2);
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

  it('sends the others when one recipient is refused, and says which failed', async () => {
    const smtp = await startSmtpServer(['bad@daknong.gov.vn']);
    servers.push(smtp.server);
    const mailer = new SmtpMailer({ url: `smtp://127.0.0.1:${smtp.port}`, from: FROM });
    const err = await mailer
      .send([message('a@daknong.gov.vn', 1), message('bad@daknong.gov.vn', 2), message('c@daknong.gov.vn', 3)])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailDeliveryError);
    const delivery = err as MailDeliveryError;
    expect(delivery.failedRecipients).toEqual(['bad@daknong.gov.vn']);
    expect(delivery.sentIds.map((id) => id !== undefined)).toEqual([true, false, true]);
    expect(delivery.cause).toBeInstanceOf(Error);
    expect(smtp.received.map((r) => r.to)).toEqual([['a@daknong.gov.vn'], ['c@daknong.gov.vn']]);
  });

  it('reports a server that is not there as MailDeliveryError', async () => {
    const smtp = await startSmtpServer();
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
    const mailer = new SmtpMailer({ url: `smtp://127.0.0.1:${smtp.port}`, from: FROM });
    const err = await mailer.send([message('a@x.vn', 1)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailDeliveryError);
    expect((err as MailDeliveryError).failedRecipients).toEqual(['a@x.vn']);
  });

  it('checks the URL when constructed, without echoing credentials', () => {
    expect(() => new SmtpMailer({ url: 'http://127.0.0.1:25', from: FROM })).toThrow(MailConfigError);
    expect(() => new SmtpMailer({ url: 'not a url :secret', from: FROM })).toThrow(MailConfigError);
    expect(() => new SmtpMailer({ url: 'not a url :secret', from: FROM })).not.toThrow(/secret/);
    expect(new SmtpMailer({ url: 'smtp://user:p%40ss@127.0.0.1:2525', from: FROM })).toBeInstanceOf(SmtpMailer);
  });

  it('sends nothing for an empty batch', async () => {
    const smtp = await startSmtpServer();
    servers.push(smtp.server);
    expect(await new SmtpMailer({ url: `smtp://127.0.0.1:${smtp.port}`, from: FROM }).send([])).toEqual([]);
    expect(smtp.connections).toBe(0);
  });
});
