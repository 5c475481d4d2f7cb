import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
// nodemailer's composer and address parser alone, not its transports (a smaller cold start). The
// files, not the folders: Node's ESM loader refuses directory imports (a bundle does not care).
import addressparser from 'nodemailer/lib/addressparser/index.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { MailDelivery, MailMessage, Mailer } from '../../ports/mailer.js';
import { MailConfigError } from '../mail/mail-errors.js';

export interface SesMailerOptions {
  /** Made once per process by `createSesClient`. */
  client: SESv2Client;
  /** `Tên hiển thị <địa-chỉ@…>`, as for the other mailers; the address must be a verified SES identity. */
  from: string;
  /** SES configuration set (event publishing, suppression, dedicated IPs). */
  configurationSetName?: string;
}

/** Outages in a row after which SES is taken as unreachable for the rest of the batch (as SmtpMailer). */
const UNREACHABLE_AFTER = 2;
/** SES's reply is quoted to the office; a few lines of it are enough. */
const MAX_REPLY_CHARS = 200;
/** SES configuration set names: letters, digits, `_` and `-`, at most 64. */
const CONFIGURATION_SET_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Sends through Amazon SES (API v2), one `SendEmail` per message (one recipient each), in order.
 *
 * The message goes as Raw MIME built by nodemailer's composer, as the outbox and SMTP mailers build it:
 * SES requires a non-ASCII display name in From ("Văn phòng Điều phối NTM") to be RFC 2047
 * encoded, which Simple content leaves to the caller; nodemailer encodes From, To and Subject and
 * writes the text and HTML alternatives as UTF-8, so every mode sends the same bytes.
 *
 * Outcomes, as SmtpMailer's: a message SES rejects (MessageRejected, BadRequest) fails alone and
 * for good; throttling, 5xx and network errors (after the SDK's own retries) fail that message for
 * now, and two in a row stop the batch with that failure. A refusal of the sender or the account
 * (identity or MAIL FROM domain not verified, account suspended or paused, configuration set
 * missing, access denied) fails every remaining message without calling SES again: nobody can get
 * mail, and that is said in each outcome rather than thrown, so the messages already accepted in
 * the batch keep their outcomes and every recipient is recorded and retried after the fix.
 * Only settings that are wrong before anything is sent throw (`MailConfigError`, in the constructor).
 */
export class SesMailer implements Mailer {
  private readonly client: SESv2Client;
  private readonly from: string;
  private readonly fromAddress: string;
  private readonly configurationSetName: string | undefined;

  constructor(options: SesMailerOptions) {
    this.fromAddress = senderAddress(options.from);
    this.from = options.from;
    const set = options.configurationSetName;
    if (set !== undefined && !CONFIGURATION_SET_NAME.test(set)) {
      throw new MailConfigError(`SES configuration set name ${JSON.stringify(set)} is not valid (letters, digits, "_" and "-", at most 64).`);
    }
    this.client = options.client;
    this.configurationSetName = set;
  }

  async send(messages: readonly MailMessage[]): Promise<MailDelivery[]> {
    const out: MailDelivery[] = [];
    let stopped: SesFailure | undefined;
    let outages = 0;
    for (const message of messages) {
      if (stopped !== undefined) {
        out.push({ to: message.to, ok: false, message: stopped.message, permanent: stopped.permanent });
        continue;
      }
      let raw: Buffer;
      try {
        raw = await this.compose(message);
      } catch (error) {
        out.push({ to: message.to, ok: false, message: oneLine(`Không soạn được thư: ${errorText(error)}`), permanent: false });
        continue;
      }
      try {
        const sent = await this.client.send(
          new SendEmailCommand({
            FromEmailAddress: this.fromAddress,
            // No Destination: SES takes the recipient from the To header, which nodemailer has
            // encoded (a Destination address would have to be ASCII, display name included).
            Content: { Raw: { Data: raw } },
            ...(this.configurationSetName === undefined ? {} : { ConfigurationSetName: this.configurationSetName }),
          }),
        );
        // SES answers 200 only once it has queued the message; the id is how its events name it.
        out.push({ to: message.to, ok: true, id: sent.MessageId ?? '' });
        outages = 0;
      } catch (error) {
        const failure = describeSesFailure(error, this.fromAddress);
        out.push({ to: message.to, ok: false, message: failure.message, permanent: failure.permanent });
        if (failure.scope === 'sender') stopped = failure;
        else if (failure.scope === 'outage') {
          outages += 1;
          if (outages >= UNREACHABLE_AFTER) stopped = failure;
        } else outages = 0;
      }
    }
    return out;
  }

  /** The MIME message with CRLF line ends (RFC 5322); SES sets its own Message-ID and Date. */
  private compose(message: MailMessage): Promise<Buffer> {
    const node = new MailComposer({ from: this.from, to: message.to, subject: message.subject, text: message.text, html: message.html }).compile();
    return new Promise((resolve, reject) => {
      node.build((error, built) => (error ? reject(error) : resolve(built)));
    });
  }
}

export interface SesFailure {
  message: string;
  permanent: boolean;
  /** What the failure is about: this message, the sender or account (nobody gets mail), or SES being out of reach. */
  scope: 'message' | 'sender' | 'outage';
}

/** SES refuses the sender or the account: the same answer would come for every recipient. */
const SENDER_NAMES = new Set([
  'AccountSuspendedException',
  'SendingPausedException',
  'MailFromDomainNotVerifiedException',
  'NotFoundException',
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'ExpiredTokenException',
  'MissingAuthenticationToken',
  'CredentialsProviderError',
]);
/** SES refuses this message for good. */
const PERMANENT_NAMES = new Set(['MessageRejected', 'BadRequestException']);
/** SES is busy or not there; the SDK has already retried these. */
const OUTAGE_NAMES = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'ThrottlingException',
  'Throttling',
  'InternalServiceErrorException',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/**
 * Classifies an SDK (or socket) error of one SendEmail. SES's own message is quoted (it names the
 * identity or the reason, never credentials). A MessageRejected that names our own address as
 * "not verified" is about the sender, not the recipient.
 */
export function describeSesFailure(error: unknown, fromAddress: string): SesFailure {
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const name = typeof fields['name'] === 'string' ? fields['name'] : '';
  const code = typeof fields['code'] === 'string' ? fields['code'] : '';
  const metadata = typeof fields['$metadata'] === 'object' && fields['$metadata'] !== null ? (fields['$metadata'] as Record<string, unknown>) : {};
  const status = typeof metadata['httpStatusCode'] === 'number' ? metadata['httpStatusCode'] : undefined;
  const detail = errorText(error);
  const quoted = `${name || code || 'Error'}: ${detail}`;
  const aboutSender = name === 'MessageRejected' && detail.toLowerCase().includes(fromAddress.toLowerCase());
  if (SENDER_NAMES.has(name) || aboutSender) {
    return { message: oneLine(`SES không gửi thư từ ${fromAddress} (${quoted}); văn phòng kiểm tra cấu hình gửi thư.`), permanent: false, scope: 'sender' };
  }
  if (PERMANENT_NAMES.has(name)) return { message: oneLine(`SES từ chối thư (${quoted})`), permanent: true, scope: 'message' };
  if (NETWORK_CODES.has(code)) return { message: oneLine(`Không kết nối được dịch vụ gửi thư SES: ${detail}`), permanent: false, scope: 'outage' };
  if (OUTAGE_NAMES.has(name) || (status !== undefined && (status >= 500 || status === 429))) {
    return { message: oneLine(`Dịch vụ gửi thư SES tạm thời không nhận thư (${quoted}); thử lại sau.`), permanent: false, scope: 'outage' };
  }
  return { message: oneLine(`Dịch vụ gửi thư SES không nhận thư (${quoted})`), permanent: false, scope: 'message' };
}

/** The bare address of `from`, checked as SES will: one address, 7-bit ASCII (punycode domains). */
function senderAddress(from: string): string {
  const parsed = addressparser(from, { flatten: true });
  const address = parsed.length === 1 ? parsed[0]?.address : undefined;
  if (address === undefined || !/^[\x21-\x7e]+@[\x21-\x7e]+$/.test(address)) {
    throw new MailConfigError(`The sender ${JSON.stringify(from)} is not one e-mail address with an ASCII address part (e.g. "Văn phòng <vp@tinh.gov.vn>").`);
  }
  return address;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_REPLY_CHARS ? flat : `${flat.slice(0, MAX_REPLY_CHARS - 1)}…`;
}
