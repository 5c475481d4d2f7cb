/**
 * The deployment's settings, from CDK context (`cdk.json`, or `-c key=value` on the command line).
 * Read and checked once, before any construct is made, and every problem is reported at once (as
 * AWS Solutions Constructs check their props): an engineer fixing `cdk.json` sees the whole list,
 * not one complaint per synth. `-c` values arrive as strings, so numbers and lists are accepted
 * as strings too (`-c dueDates=2027-06-20,2027-12-20`, `-c googleReadsPerMinute=50`).
 */

/** What a deployment is told about itself. */
export interface StackSettings {
  /** The control spreadsheet (ID or address), as `CONFIG_SPREADSHEET_ID`. */
  configSpreadsheetId: string;
  /** `Tên hiển thị <địa-chỉ@…>`, as `MAIL_FROM`. */
  mailFrom: string;
  /** The bare address of `mailFrom`. */
  senderAddress: string;
  /** The SES identity the stack creates: the sender's domain, or the sender's address itself. */
  sesIdentity: SesIdentitySetting;
  /** Told when a run fails before the control spreadsheet names the office (`OFFICE_EMAIL`). */
  officeEmail: string;
  /** Subscribed to the alarms topic when set (the engineer on duty, not the office). */
  alarmEmail: string | undefined;
  /** The Secrets Manager secret the stack creates, empty, for the service-account key's JSON. */
  googleSecretName: string;
  /** EventBridge Scheduler expression, in Asia/Ho_Chi_Minh. */
  dailyCron: string;
  /** yyyy-mm-dd, sorted, without repeats. */
  dueDates: string[];
  /** Days before a due date during which `intensiveRate` runs too. */
  intensiveDays: number;
  /** EventBridge Scheduler expression for the days before a due date, in Asia/Ho_Chi_Minh. */
  intensiveRate: string;
  googleReadsPerMinute: number;
  googleWritesPerMinute: number;
  /** The run lease and the state machine's own timeout. */
  runLeaseMinutes: number;
  /** The CloudFormation stack: a second deployment in one account (another province) takes another name. */
  stackName: string;
  region: string;
  /** Unset: the account of the credentials `cdk deploy` runs with. */
  account: string | undefined;
}

export type SesIdentitySetting = { kind: 'domain'; domain: string } | { kind: 'email'; address: string };

/** One thing wrong with one context key. */
export interface SettingsProblem {
  key: string;
  message: string;
}

export class StackSettingsError extends Error {
  constructor(readonly problems: readonly SettingsProblem[]) {
    super(formatSettingsProblems(problems));
    this.name = 'StackSettingsError';
  }
}

export function formatSettingsProblems(problems: readonly SettingsProblem[]): string {
  const lines = problems.map((p) => `  - ${p.key}: ${p.message}`);
  return [`The CDK context has ${problems.length} problem(s) (cdk.json "context", or -c key=value):`, ...lines].join('\n');
}

/** Reads one context value by key (`app.node.tryGetContext`). */
export type ContextReader = (key: string) => unknown;

/** cdk.json's stand-ins: synth works with them, a deployment does not (the stack warns). */
export const PLACEHOLDER_SPREADSHEET_ID = 'REPLACE_WITH_THE_CONTROL_SPREADSHEET_ID';
export const PLACEHOLDER_DOMAIN = 'example.gov.vn';

/** What still holds a cdk.json stand-in, as warnings for `cdk deploy` to show. */
export function placeholderWarnings(settings: StackSettings): string[] {
  const warnings: string[] = [];
  if (settings.configSpreadsheetId === PLACEHOLDER_SPREADSHEET_ID)
    warnings.push('configSpreadsheetId is the cdk.json placeholder: set the control spreadsheet ID before deploying.');
  const domains = [
    settings.senderAddress,
    settings.officeEmail,
    settings.sesIdentity.kind === 'domain' ? `@${settings.sesIdentity.domain}` : settings.sesIdentity.address,
  ];
  if (domains.some((d) => d.toLowerCase().endsWith(`@${PLACEHOLDER_DOMAIN}`)))
    warnings.push(`mailFrom, sesIdentity or officeEmail still use ${PLACEHOLDER_DOMAIN}: set the real sender, SES identity and office address.`);
  return warnings;
}

/** Context keys and their defaults when cdk.json does not set them (cdk.json sets them all). */
export const SETTINGS_DEFAULTS = {
  dailyCron: 'cron(0 7 * * ? *)',
  intensiveDays: 7,
  intensiveRate: 'cron(0 7-19/2 * * ? *)',
  googleReadsPerMinute: 55,
  googleWritesPerMinute: 55,
  runLeaseMinutes: 240,
  googleSecretName: 'ntp-monitor/google-service-account',
  stackName: 'NtpMonitor',
  region: 'ap-southeast-1',
} as const;

// An address SES will take: ASCII, one @, a dotted domain (punycode for non-ASCII domains).
const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$/;
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;
// Spreadsheet IDs are 44 characters today; anything shorter than 20 is a typo, not an ID.
const SPREADSHEET_ID = /^[A-Za-z0-9_-]{20,}$/;
const SPREADSHEET_URL = /^https:\/\/docs\.google\.com\/spreadsheets\/d\/[A-Za-z0-9_-]{20,}/;
// Secrets Manager's name characters; a name ending in -XXXXXX would be confused with an ARN suffix.
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_NAME_SUFFIX = /-[A-Za-z0-9]{6}$/;
// EventBridge Scheduler: cron with six fields, or rate(n unit).
const CRON = /^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/;
const RATE = /^rate\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ACCOUNT = /^\d{12}$/;
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,99}$/;

/** Reads and checks every key; throws StackSettingsError naming every problem found. */
export function readStackSettings(context: ContextReader): StackSettings {
  const problems: SettingsProblem[] = [];
  const problem = (key: string, message: string): undefined => {
    problems.push({ key, message });
    return undefined;
  };

  const text = (key: string, fallback?: string): string | undefined => {
    const value = context(key) ?? fallback;
    if (value === undefined) return problem(key, 'is required');
    if (typeof value !== 'string' || value.trim() === '') return problem(key, `must be a non-empty string, got ${JSON.stringify(value)}`);
    return value.trim();
  };
  const optionalText = (key: string): string | undefined => {
    const value = context(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') return problem(key, `must be a string, got ${JSON.stringify(value)}`);
    return value.trim();
  };
  const integer = (key: string, fallback: number, min: number, max: number): number | undefined => {
    const raw = context(key) ?? fallback;
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return problem(key, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
    }
    return value;
  };
  const schedule = (key: string, fallback: string): string | undefined => {
    const value = text(key, fallback);
    if (value === undefined) return undefined;
    if (!CRON.test(value) && !RATE.test(value))
      return problem(key, `must be an EventBridge Scheduler expression, cron(min hour day month weekday year) or rate(n unit), got "${value}"`);
    return value;
  };

  const configSpreadsheetId = text('configSpreadsheetId');
  if (configSpreadsheetId !== undefined && !SPREADSHEET_ID.test(configSpreadsheetId) && !SPREADSHEET_URL.test(configSpreadsheetId)) {
    problem('configSpreadsheetId', `must be a Google spreadsheet ID or its https://docs.google.com/spreadsheets/d/… address, got "${configSpreadsheetId}"`);
  }

  const mailFrom = text('mailFrom');
  const senderAddress = mailFrom === undefined ? undefined : parseSender(mailFrom);
  if (mailFrom !== undefined && senderAddress === undefined) {
    problem('mailFrom', `must be one address, bare or as "Tên hiển thị <địa-chỉ@tên-miền>", with an ASCII address part, got "${mailFrom}"`);
  }

  const sesIdentity = parseIdentity(text('sesIdentity'), problem);
  if (sesIdentity !== undefined && senderAddress !== undefined && !identityCovers(sesIdentity, senderAddress)) {
    const what = sesIdentity.kind === 'domain' ? `the domain ${sesIdentity.domain}` : `the address ${sesIdentity.address}`;
    problem('sesIdentity', `is ${what}, which does not cover the sender ${senderAddress} of mailFrom: SES sends only from verified identities`);
  }

  const officeEmail = text('officeEmail');
  if (officeEmail !== undefined && !ADDRESS.test(officeEmail)) problem('officeEmail', `must be an e-mail address, got "${officeEmail}"`);
  const alarmEmail = optionalText('alarmEmail');
  if (alarmEmail !== undefined && !ADDRESS.test(alarmEmail)) problem('alarmEmail', `must be an e-mail address or empty, got "${alarmEmail}"`);

  const googleSecretName = text('googleSecretName', SETTINGS_DEFAULTS.googleSecretName);
  if (googleSecretName !== undefined && (!SECRET_NAME.test(googleSecretName) || SECRET_NAME_SUFFIX.test(googleSecretName))) {
    problem(
      'googleSecretName',
      `must be 1-512 of A-Z a-z 0-9 / _ + = . @ - and not end in "-" and six characters (read as an ARN suffix), got "${googleSecretName}"`,
    );
  }

  const dailyCron = schedule('dailyCron', SETTINGS_DEFAULTS.dailyCron);
  const intensiveRate = schedule('intensiveRate', SETTINGS_DEFAULTS.intensiveRate);
  const intensiveDays = integer('intensiveDays', SETTINGS_DEFAULTS.intensiveDays, 1, 60);
  const dueDates = parseDueDates(context('dueDates'), problem);

  // Google's quota is 60 a minute per user and 300 per project: above 300 no account can keep up.
  const googleReadsPerMinute = integer('googleReadsPerMinute', SETTINGS_DEFAULTS.googleReadsPerMinute, 1, 300);
  const googleWritesPerMinute = integer('googleWritesPerMinute', SETTINGS_DEFAULTS.googleWritesPerMinute, 1, 300);
  // A national first run paces ~13 minutes of Sheets calls; a lease shorter than half an hour
  // would let a second run start while the first still writes.
  const runLeaseMinutes = integer('runLeaseMinutes', SETTINGS_DEFAULTS.runLeaseMinutes, 30, 1440);

  const stackName = text('stackName', SETTINGS_DEFAULTS.stackName);
  if (stackName !== undefined && !STACK_NAME.test(stackName))
    problem('stackName', `must start with a letter and hold only letters, digits and "-" (at most 100), got "${stackName}"`);
  const region = text('region', SETTINGS_DEFAULTS.region);
  if (region !== undefined && !REGION.test(region)) problem('region', `must be an AWS region name such as ap-southeast-1, got "${region}"`);
  const account = optionalText('account');
  if (account !== undefined && !ACCOUNT.test(account)) problem('account', `must be 12 digits or empty, got "${account}"`);

  if (
    problems.length > 0 ||
    configSpreadsheetId === undefined ||
    mailFrom === undefined ||
    senderAddress === undefined ||
    sesIdentity === undefined ||
    officeEmail === undefined ||
    googleSecretName === undefined ||
    dailyCron === undefined ||
    intensiveRate === undefined ||
    intensiveDays === undefined ||
    dueDates === undefined ||
    googleReadsPerMinute === undefined ||
    googleWritesPerMinute === undefined ||
    runLeaseMinutes === undefined ||
    stackName === undefined ||
    region === undefined
  ) {
    throw new StackSettingsError(problems);
  }
  return {
    configSpreadsheetId,
    mailFrom,
    senderAddress,
    sesIdentity,
    officeEmail,
    alarmEmail,
    googleSecretName,
    dailyCron,
    dueDates,
    intensiveDays,
    intensiveRate,
    googleReadsPerMinute,
    googleWritesPerMinute,
    runLeaseMinutes,
    stackName,
    region,
    account,
  };
}

/** The address of `Name <address>` or of a bare address; undefined when it is neither. */
export function parseSender(from: string): string | undefined {
  const angled = /^[^<>]*<([^<>]+)>\s*$/.exec(from);
  const address = (angled?.[1] ?? from).trim();
  return ADDRESS.test(address) ? address : undefined;
}

function parseIdentity(value: string | undefined, problem: (key: string, message: string) => undefined): SesIdentitySetting | undefined {
  if (value === undefined) return undefined;
  if (value.includes('@'))
    return ADDRESS.test(value) ? { kind: 'email', address: value } : problem('sesIdentity', `must be a domain or an e-mail address, got "${value}"`);
  const domain = value.toLowerCase();
  return DOMAIN.test(domain)
    ? { kind: 'domain', domain }
    : problem('sesIdentity', `must be a domain (lower-case ASCII, punycode for others) or an e-mail address, got "${value}"`);
}

function identityCovers(identity: SesIdentitySetting, address: string): boolean {
  if (identity.kind === 'email') return identity.address.toLowerCase() === address.toLowerCase();
  return address.toLowerCase().endsWith(`@${identity.domain}`);
}

function parseDueDates(raw: unknown, problem: (key: string, message: string) => undefined): string[] | undefined {
  let list: unknown = raw ?? [];
  if (typeof list === 'string') {
    const trimmed = list.trim();
    // -c dueDates='["2027-06-20"]' or -c dueDates=2027-06-20,2027-12-20
    if (trimmed.startsWith('[')) {
      try {
        list = JSON.parse(trimmed) as unknown;
      } catch {
        return problem('dueDates', `is not a JSON list: ${trimmed}`);
      }
    } else {
      list = trimmed === '' ? [] : trimmed.split(',').map((s) => s.trim());
    }
  }
  if (!Array.isArray(list)) return problem('dueDates', `must be a list of yyyy-mm-dd dates, got ${JSON.stringify(raw)}`);
  const dates = new Set<string>();
  let ok = true;
  for (const item of list as unknown[]) {
    if (typeof item !== 'string' || !isCalendarDate(item)) {
      ok = false;
      problem('dueDates', `${JSON.stringify(item)} is not a yyyy-mm-dd date`);
    } else {
      dates.add(item);
    }
  }
  return ok ? [...dates].sort() : undefined;
}

function isCalendarDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
