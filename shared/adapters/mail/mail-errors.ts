/** The outbox folder cannot be used at all (it cannot be created): no message can be written. */
export class MailOutboxError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailOutboxError';
  }
}

/** The mail settings are unusable (e.g. an SMTP URL that is not `smtp://host:port`). */
export class MailConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailConfigError';
  }
}
