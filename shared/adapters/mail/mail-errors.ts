/** Writing a message to the outbox folder failed. */
export class MailOutboxError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailOutboxError';
  }
}

/**
 * One or more messages of a batch were not accepted by the SMTP server. The others were sent:
 * `sentIds[i]` is the message id of message i, or undefined when it failed, so a caller can record
 * what went out and retry only the rest.
 */
export class MailDeliveryError extends Error {
  readonly sentIds: (string | undefined)[];
  readonly failedRecipients: string[];
  constructor(
    message: string,
    details: { sentIds: (string | undefined)[]; failedRecipients: string[] },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MailDeliveryError';
    this.sentIds = details.sentIds;
    this.failedRecipients = details.failedRecipients;
  }
}

/** The mail settings are unusable (e.g. an SMTP URL that is not `smtp://host:port`). */
export class MailConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailConfigError';
  }
}
