import { randomBytes } from 'node:crypto';
import { link, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type { SendMailOptions } from 'nodemailer';
import type { MailDelivery, MailMessage, Mailer } from '../../ports/mailer.js';
import { MailOutboxError } from './mail-errors.js';

export interface EmlMailerOptions {
  outboxDir: string;
  /** `Tên hiển thị <địa-chỉ@…>`; the display name may hold Vietnamese diacritics. */
  from: string;
  /** Wall clock for file names (tests pin it). */
  now?: () => Date;
}

/** Vietnam has no daylight saving: local time is UTC+7 all year. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
/** Names tried for one message (`<base>.eml`, `<base>-2.eml`...) before that message fails. */
export const MAX_NAME_ATTEMPTS = 1000;

/**
 * Writes each message as a complete MIME file (`.eml`) in the outbox, as nodemailer would send it:
 * UTF-8 headers encoded per RFC 2047, a text and an HTML alternative. Staff open the files in any
 * mail client; `X-Unsent: 1` makes Outlook open one as a draft ready to send.
 */
export class EmlMailer implements Mailer {
  private readonly outboxDir: string;
  private readonly from: string;
  private readonly now: () => Date;
  private readonly transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(options: EmlMailerOptions) {
    this.outboxDir = options.outboxDir;
    this.from = options.from;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Only an outbox folder that cannot be created throws (nothing could be written); a message that
   * cannot be composed or written is that message's failed outcome, and the others are written.
   */
  async send(messages: readonly MailMessage[]): Promise<MailDelivery[]> {
    if (messages.length === 0) return [];
    try {
      await mkdir(this.outboxDir, { recursive: true });
    } catch (cause) {
      throw new MailOutboxError(`Could not create the outbox ${this.outboxDir}.`, { cause });
    }
    const stamp = vietnamStamp(this.now());
    const width = Math.max(3, String(messages.length).length);
    const out: MailDelivery[] = [];
    for (const [i, message] of messages.entries()) {
      const base = `${stamp}-${String(i + 1).padStart(width, '0')}-${sanitiseRecipient(message.to)}`;
      try {
        out.push({ to: message.to, ok: true, id: await this.writeNew(base, await this.compose(message)) });
      } catch (error) {
        out.push({ to: message.to, ok: false, message: outboxFailureText(error), permanent: false });
      }
    }
    return out;
  }

  private async compose(message: MailMessage): Promise<Buffer> {
    // nodemailer 7 applies `newline` per message (its MailComposer), not from the stream
    // transport's options; @types/nodemailer does not declare it on messages, hence the widened type.
    const mail: SendMailOptions & { newline: 'unix' } = {
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: { 'X-Unsent': '1' },
      newline: 'unix',
    };
    const info = await this.transport.sendMail(mail);
    const body = info.message;
    if (!Buffer.isBuffer(body)) throw new MailOutboxError('nodemailer returned a stream although buffer was requested.');
    return body;
  }

  /**
   * Writes `<base>.eml`, or `<base>-2.eml`... when a file of that name exists (two runs in the same
   * second): an outbox never loses a message. Written to a temporary name and linked into place, so
   * the file appears complete or not at all.
   */
  private async writeNew(base: string, body: Buffer): Promise<string> {
    const temp = join(this.outboxDir, `.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(temp, body);
      for (let attempt = 1; ; attempt += 1) {
        const path = join(this.outboxDir, attempt === 1 ? `${base}.eml` : `${base}-${attempt}.eml`);
        try {
          await link(temp, path);
          return path;
        } catch (err) {
          if (!(err instanceof Error && 'code' in err && err.code === 'EEXIST') || attempt >= MAX_NAME_ATTEMPTS) throw err;
        }
      }
    } catch (cause) {
      throw new MailOutboxError(`Could not write ${base}.eml to ${this.outboxDir}.`, { cause });
    } finally {
      await rm(temp, { force: true }).catch(() => undefined);
    }
  }
}

/** What the office reads about a message the outbox could not take: the system's error code, no paths. */
function outboxFailureText(error: unknown): string {
  const cause = error instanceof MailOutboxError && error.cause !== undefined ? error.cause : error;
  const code = cause instanceof Error && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  return `Không ghi được thư vào hộp thư đi${code === undefined ? '' : ` (${code})`}.`;
}

/** `yyyymmdd-hhmmss` in Vietnam time, so names match the clocks of the people reading them. */
export function vietnamStamp(date: Date): string {
  const iso = new Date(date.getTime() + VIETNAM_OFFSET_MS).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}

/** A file-name-safe form of an address list: `Nguyễn <a.b@x.vn>` -> `a.b@x.vn`. */
export function sanitiseRecipient(to: string): string {
  const addresses = [...to.matchAll(/[^\s<>,;"]+@[^\s<>,;"]+/g)].map((m) => m[0]);
  const raw = addresses.length > 0 ? addresses.join('+') : to;
  const safe = raw
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9@._+-]+/g, '_')
    .replace(/^[._]+/, '');
  return (safe || 'recipient').slice(0, 80);
}
