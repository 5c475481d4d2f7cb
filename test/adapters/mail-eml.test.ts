import { link, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailer } from '../../shared/adapters/mail/create-mailer.js';
import { EmlMailer, MAX_NAME_ATTEMPTS, sanitiseRecipient, vietnamStamp } from '../../shared/adapters/mail/eml-mailer.js';
import { MailOutboxError } from '../../shared/adapters/mail/mail-errors.js';
import { SmtpMailer } from '../../shared/adapters/mail/smtp-mailer.js';
import type { MailDelivery, MailMessage } from '../../shared/ports/mailer.js';

const FROM = 'Văn phòng Điều phối NTM <khong-tra-loi@ntm.example>';
// 2019-07-05 01:02:03 UTC is 08:02:03 in Hà Nội.
const NOW = new Date('2019-07-05T01:02:03.000Z');

const digest = (to: string): MailMessage => ({
  to,
  subject: 'Cảnh báo tiến độ: 3 xã chưa đạt tiêu chí số 17 (Môi trường và an toàn thực phẩm)',
  text: 'Kính gửi anh/chị,\n\nHuyện Đắk Glong có 3 xã chưa đạt tiêu chí số 17.\nTrân trọng.',
  html: '<p>Kính gửi anh/chị,</p><p>Huyện <b>Đắk Glong</b> có 3 xã chưa đạt tiêu chí số 17.</p>',
});

const ids = (out: readonly MailDelivery[]): string[] => out.flatMap((d) => (d.ok ? [d.id] : []));

describe('EmlMailer', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ntp-outbox-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one .eml per message that parses back with Vietnamese subject, text and HTML', async () => {
    const outbox = join(dir, 'outbox');
    const mailer = new EmlMailer({ outboxDir: outbox, from: FROM, now: () => NOW });
    const out = await mailer.send([digest('lan.nguyen@daknong.gov.vn'), digest('Trần Văn Đức <duc.tran@daknong.gov.vn>')]);
    expect(out.map((d) => [d.to, d.ok])).toEqual([
      ['lan.nguyen@daknong.gov.vn', true],
      ['Trần Văn Đức <duc.tran@daknong.gov.vn>', true],
    ]);
    const paths = ids(out);

    expect(paths.map((p) => basename(p))).toEqual(['20190705-080203-001-lan.nguyen@daknong.gov.vn.eml', '20190705-080203-002-duc.tran@daknong.gov.vn.eml']);
    expect((await readdir(outbox)).sort()).toEqual(paths.map((p) => basename(p)).sort());

    const raw = await readFile(paths[1] ?? '');
    // Headers are 7-bit (RFC 2047) and lines end with LF, as asked of nodemailer.
    const headerBlock = raw.toString('latin1').split('\n\n')[0] ?? '';
    expect(headerBlock).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(/[^\p{ASCII}]/u.test(headerBlock)).toBe(false);
    expect(raw.includes('\r\n')).toBe(false);

    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(digest('x').subject);
    expect(parsed.from?.value).toEqual([{ address: 'khong-tra-loi@ntm.example', name: 'Văn phòng Điều phối NTM' }]);
    const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
    expect(to?.value).toEqual([{ address: 'duc.tran@daknong.gov.vn', name: 'Trần Văn Đức' }]);
    expect(parsed.text?.trim()).toBe(digest('x').text);
    expect(parsed.html).toBe(digest('x').html);
    expect(parsed.headers.get('x-unsent')).toBe('1');
  });

  it('never overwrites: a second batch in the same second gets new names', async () => {
    const mailer = new EmlMailer({ outboxDir: dir, from: FROM, now: () => NOW });
    const first = ids(await mailer.send([digest('a@x.vn')]));
    const second = ids(await mailer.send([digest('a@x.vn')]));
    expect(basename(first[0] ?? '')).toBe('20190705-080203-001-a@x.vn.eml');
    expect(basename(second[0] ?? '')).toBe('20190705-080203-001-a@x.vn-2.eml');
    expect((await readdir(dir)).sort()).toEqual(['20190705-080203-001-a@x.vn-2.eml', '20190705-080203-001-a@x.vn.eml']);
  });

  it('fails only the message whose file cannot be written, and writes the others', async () => {
    const mailer = new EmlMailer({ outboxDir: dir, from: FROM, now: () => NOW });
    // Every name the second message could take is taken: the outbox cannot hold it.
    const taken = '20190705-080203-002-bad@x.vn';
    await writeFile(join(dir, `${taken}.eml`), 'not ours');
    for (let n = 2; n <= MAX_NAME_ATTEMPTS; n += 1) await link(join(dir, `${taken}.eml`), join(dir, `${taken}-${n}.eml`));
    const out = await mailer.send([digest('a@x.vn'), digest('bad@x.vn'), digest('c@x.vn')]);
    expect(out.map((d) => d.ok)).toEqual([true, false, true]);
    expect(out[1]).toEqual({ to: 'bad@x.vn', ok: false, message: 'Không ghi được thư vào hộp thư đi (EEXIST).', permanent: false });
    const names = (await readdir(dir)).filter((f) => !f.startsWith(taken));
    expect(names.sort()).toEqual(['20190705-080203-001-a@x.vn.eml', '20190705-080203-003-c@x.vn.eml']);
    expect(await readFile(join(dir, `${taken}.eml`), 'utf8')).toBe('not ours');
    const parsed = await simpleParser(await readFile(ids(out)[1] ?? ''));
    expect(parsed.subject).toBe(digest('x').subject);
  });

  it('throws MailOutboxError when the outbox folder cannot be created', async () => {
    await writeFile(join(dir, 'file'), '');
    const mailer = new EmlMailer({ outboxDir: join(dir, 'file', 'outbox'), from: FROM, now: () => NOW });
    await expect(mailer.send([digest('a@x.vn')])).rejects.toBeInstanceOf(MailOutboxError);
  });

  it('writes nothing and creates no folder for an empty batch', async () => {
    const outbox = join(dir, 'never');
    expect(await new EmlMailer({ outboxDir: outbox, from: FROM }).send([])).toEqual([]);
    await expect(readdir(outbox)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('makes file-name-safe recipients and Vietnam-time stamps', () => {
    expect(sanitiseRecipient('Nguyễn Thị Lan <lan@x.vn>, b@y.vn')).toBe('lan@x.vn+b@y.vn');
    expect(sanitiseRecipient('Phòng Đào tạo')).toBe('Phong_Dao_tao');
    expect(sanitiseRecipient('../../etc/passwd')).toBe('etc_passwd');
    expect(vietnamStamp(new Date('2019-12-31T17:30:00.000Z'))).toBe('20200101-003000');
  });
});

describe('createMailer', () => {
  it('writes to the outbox unless an SMTP URL is set', () => {
    expect(createMailer({ outboxDir: '/tmp/x', from: FROM })).toBeInstanceOf(EmlMailer);
    expect(createMailer({ outboxDir: '/tmp/x', from: FROM, smtpUrl: '' })).toBeInstanceOf(EmlMailer);
    expect(createMailer({ outboxDir: '/tmp/x', from: FROM, smtpUrl: 'smtp://127.0.0.1:2525' })).toBeInstanceOf(SmtpMailer);
  });
});
