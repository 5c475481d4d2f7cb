import { createTransport } from 'nodemailer';
import type { MailMessage, Mailer } from '../../ports/mailer.js';
import { MailConfigError, MailDeliveryError } from './mail-errors.js';

export interface SmtpMailerOptions {
  /** `smtp://host:port`, `smtp://user:pass@host:587` or `smtps://host:465`. */
  url: string;
  from: string;
}

/**
 * Sends through an SMTP server. One pooled connection per `send` call carries the whole batch;
 * every message is attempted, and failures are reported together at the end so the caller knows
 * which recipients did get their digest.
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

  async send(messages: readonly MailMessage[]): Promise<string[]> {
    if (messages.length === 0) return [];
    const url = this.url;
    const transport = createTransport({
      host: url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      secure: url.protocol === 'smtps:',
      ...(url.username !== ''
        ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
        : {}),
      pool: true,
      maxConnections: 1,
      // nodemailer's defaults wait minutes; a run should fail fast and say why.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 60_000,
    });
    const sentIds: (string | undefined)[] = [];
    const failures: { to: string; error: unknown }[] = [];
    try {
      for (const message of messages) {
        try {
          const info = await transport.sendMail({
            from: this.from,
            to: message.to,
            subject: message.subject,
            text: message.text,
            html: message.html,
          });
          sentIds.push(info.messageId);
        } catch (error) {
          sentIds.push(undefined);
          failures.push({ to: message.to, error });
        }
      }
    } finally {
      transport.close();
    }
    if (failures.length > 0) {
      const first = failures[0];
      throw new MailDeliveryError(
        `SMTP ${url.host}: ${failures.length} of ${messages.length} messages not sent (first: ${first?.to}).`,
        { sentIds, failedRecipients: failures.map((f) => f.to) },
        { cause: first?.error },
      );
    }
    return sentIds.map((id) => id ?? '');
  }
}
