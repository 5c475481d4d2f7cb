// zod's mini build: the same checks at a tenth of the bundle (every Lambda task loads this).
import * as z from 'zod/mini';

/**
 * The settings of a Lambda task, from its environment (set by the stack; `aws-local` sets the same
 * names plus the local endpoints). Read and checked once per cold start: a wrong deployment fails
 * at its first invocation with every problem named, not at the first unit that needs the setting.
 */
const schema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  BUCKET_NAME: z.string().check(z.minLength(1)),
  /** The control spreadsheet (ID or address). */
  CONFIG_SPREADSHEET_ID: z.string().check(z.minLength(1)),
  /** `Tên hiển thị <địa-chỉ@…>`: the address is the SES identity. */
  MAIL_FROM: z.string().check(z.minLength(1)),
  SES_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
  /** Who hears about a run that failed before the control spreadsheet could be read. */
  OFFICE_EMAIL: z.optional(z.string().check(z.minLength(3))),
  /** How long a run may hold the lease, in minutes: the state machine's own timeout. */
  RUN_LEASE_MINUTES: z._default(z.coerce.number().check(z.positive()), 240),
  AWS_REGION: z.optional(z.string().check(z.minLength(1))),
  // Local stand-ins (aws-local, tests): set, the SDK clients talk to them instead of AWS.
  AWS_ENDPOINT_URL_DYNAMODB: z.optional(z.url()),
  AWS_ENDPOINT_URL_S3: z.optional(z.url()),
  AWS_ENDPOINT_URL_SESV2: z.optional(z.url()),
  // Keys a local stand-in expects (s3rver knows its own); on AWS the role's credentials are used.
  AWS_ACCESS_KEY_ID: z.optional(z.string().check(z.minLength(1))),
  AWS_SECRET_ACCESS_KEY: z.optional(z.string().check(z.minLength(1))),
});

export type AwsEnv = z.infer<typeof schema>;

export class AwsEnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AwsEnvError';
  }
}

export function parseAwsEnv(env: Readonly<Record<string, string | undefined>>): AwsEnv {
  // Blank values count as unset: a stack may pass "" for an optional setting.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new AwsEnvError(`Lambda environment is not usable: ${problems}`);
  }
  return parsed.data;
}
