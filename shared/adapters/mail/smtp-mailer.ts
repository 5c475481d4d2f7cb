import { createTransport } from 'nodemailer';
import type { MailDelivery, MailMessage, Mailer } from '../../ports/mailer.js';
import { MailConfigError } from './mail-errors.js';

export interface SmtpMailerOptions {
  /** `smtp://host:port`, `smtp://user:pass@host:587` or `smtps://host:465`. */
  url: string;
  from: string;
}

/** nodemailer's codes for "the server could not be reached or talked to", as opposed to a reply. */
const CONNECTION_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ETLS']);
/** Connection failures in a row after which the server is taken as unreachable for this batch. */
const UNREACHABLE_AFTER = 2;
/** A server's reply is quoted to the office; a few lines of it are enough. */
const MAX_REPLY_CHARS = 200;

/**
 * Sends through an SMTP server. One pooled connection per `send` call carries the whole batch.
 * Every message gets its own outcome: a refusal (5xx at RCPT, say) fails that message only, and
 * the next message is still sent (the pool reconnects if the server dropped the connection). When the server cannot be reached twice in a row, the
 * rest of the batch is reported with that failure instead of waiting for a timeout per message.
 */
export class SmtpMailer implements Mailer {
  private readonly url: URL;
  private readonly from: string;

  /** Checks the URL at once, so a wrong setting fails at start-up rather than at the first alert. */
  constructor(options: SmtpMailerOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch (cause) {
      // The URL may hold a password: it is not echoed.
      throw new MailConfigError('SMTP URL is not a valid URL (expected smtp://host:port).', { cause });
    }
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
      throw new MailConfigError(`SMTP URL must start with smtp:// or smtps://, got ${url.protocol}//`);
    }
    if (url.hostname === '') throw new MailConfigError('SMTP URL has no host.');
    this.url = url;
    this.from = options.from;
  }

  async send(messages: readonly MailMessage[]): Promise<MailDelivery[]> {
    if (messages.length === 0) return [];
    const url = this.url;
    const transport = createTransport({
      host: url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      secure: url.protocol === 'smtps:',
      ...(url.username !== '' ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
      pool: true,
      maxConnections: 1,
      // nodemailer's defaults wait minutes; a run should fail fast and say why.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 60_000,
    });
    const out: MailDelivery[] = [];
    let unreachable: string | undefined;
    let connectionFailures = 0;
    try {
      for (const message of messages) {
        if (unreachable !== undefined) {
          out.push({ to: message.to, ok: false, message: unreachable, permanent: false });
          continue;
        }
        try {
          const info = await transport.sendMail({
            from: this.from,
            to: message.to,
            subject: message.subject,
            text: message.text,
            html: message.html,
          });
          out.push({ to: message.to, ok: true, id: info.messageId });
          connectionFailures = 0;
        } catch (error) {
          const failure = describeSmtpFailure(error, url.host);
          out.push({ to: message.to, ok: false, message: failure.message, permanent: failure.permanent });
          connectionFailures = failure.connection ? connectionFailures + 1 : 0;
          // One dropped connection is retried with the next message (the pool reconnects); two in
          // a row mean the server is not there now.
          if (connectionFailures >= UNREACHABLE_AFTER) unreachable = failure.message;
        }
      }
    } finally {
      transport.close();
    }
    return out;
  }
}

interface SmtpFailure {
  message: string;
  permanent: boolean;
  /** No reply from the server: it could not be reached or the connection broke. */
  connection: boolean;
}

/**
 * Classifies a nodemailer error: a server reply is quoted (5xx permanent, 4xx transient), a
 * connection problem is said in Vietnamese and is transient. Messages never hold the URL's
 * credentials (only the host is named).
 */
export function describeSmtpFailure(error: unknown, host: string): SmtpFailure {
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const responseCode = typeof fields['responseCode'] === 'number' ? fields['responseCode'] : undefined;
  const response = typeof fields['response'] === 'string' ? fields['response'] : undefined;
  const code = typeof fields['code'] === 'string' ? fields['code'] : undefined;
  if (responseCode !== undefined && response !== undefined && !(code !== undefined && CONNECTION_CODES.has(code))) {
    return { message: oneLine(response), permanent: responseCode >= 500 && responseCode < 600, connection: false };
  }
  const detail = error instanceof Error ? oneLine(error.message) : String(error);
  if (code === undefined || CONNECTION_CODES.has(code)) {
    return { message: oneLine(`Không kết nối được máy chủ thư ${host}: ${detail}`), permanent: false, connection: true };
  }
  return { message: oneLine(`Máy chủ thư ${host} không nhận thư: ${detail}`), permanent: false, connection: false };
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_REPLY_CHARS ? flat : `${flat.slice(0, MAX_REPLY_CHARS - 1)}…`;
}
