export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends (or writes) e-mails. Returns a per-message identifier (file path or message id). */
export interface Mailer {
  send(messages: readonly MailMessage[]): Promise<string[]>;
}
