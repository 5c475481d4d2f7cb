export interface MailMessage {
  /** One recipient per message: an outcome is then one recipient's outcome. */
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** The outcome of one message: accepted (by the server, or written to the outbox) or not. */
export type MailDelivery =
  | {
      to: string;
      ok: true;
      /** Message id (SMTP) or file path (outbox). */
      id: string;
    }
  | {
      to: string;
      ok: false;
      /**
       * Short and safe to show to the office: the server's reply (`550 5.1.1 no such user`) or a
       * Vietnamese sentence. Never holds credentials.
       */
      message: string;
      /** The server refused for good (5xx); otherwise trying again later may work. */
      permanent: boolean;
    };

/**
 * Sends (or writes) e-mails. Returns one outcome per message, in the order given: a refused or
 * unreachable recipient is an outcome, not an exception, so the caller can record who got their
 * e-mail. It throws only when the mailer cannot work at all (bad settings, an outbox folder that
 * cannot be created), with a named error.
 */
export interface Mailer {
  send(messages: readonly MailMessage[]): Promise<MailDelivery[]>;
}
