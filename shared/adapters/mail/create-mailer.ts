import type { Mailer } from '../../ports/mailer.js';
import { EmlMailer } from './eml-mailer.js';
import { SmtpMailer } from './smtp-mailer.js';

export interface CreateMailerOptions {
  outboxDir: string;
  from: string;
  /** When set (non-empty), mail goes through this SMTP server instead of the outbox. */
  smtpUrl?: string | undefined;
}

/** The mailer of the embedded mode: `.eml` files in the outbox, or SMTP when a server is given. */
export function createMailer(options: CreateMailerOptions): Mailer {
  if (options.smtpUrl !== undefined && options.smtpUrl.trim() !== '') {
    return new SmtpMailer({ url: options.smtpUrl.trim(), from: options.from });
  }
  return new EmlMailer({ outboxDir: options.outboxDir, from: options.from });
}
