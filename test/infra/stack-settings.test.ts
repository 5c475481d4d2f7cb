import { describe, expect, it } from 'vitest';
import { placeholderWarnings, readStackSettings, StackSettingsError, type SettingsProblem } from '../../infra/stack-settings.js';
import { cdkJsonContext, TEST_CONTEXT } from './support/infra-synth.js';

const read = (context: Record<string, unknown>) => readStackSettings((key) => context[key]);

function problemsOf(context: Record<string, unknown>): SettingsProblem[] {
  try {
    read(context);
  } catch (error) {
    if (error instanceof StackSettingsError) return [...error.problems];
    throw error;
  }
  throw new Error('expected the settings to be refused');
}

describe('stack settings from the CDK context', () => {
  it("reads cdk.json's defaults, and says which of them are placeholders", () => {
    const settings = read(cdkJsonContext());
    expect(settings).toMatchObject({
      dailyCron: 'cron(0 7 * * ? *)',
      intensiveDays: 7,
      intensiveRate: 'cron(0 7-19/2 * * ? *)',
      googleReadsPerMinute: 55,
      googleWritesPerMinute: 55,
      runLeaseMinutes: 240,
      stackName: 'NtpMonitor',
      region: 'ap-southeast-1',
      account: undefined,
      alarmEmail: undefined,
      senderAddress: 'khong-tra-loi@example.gov.vn',
      sesIdentity: { kind: 'domain', domain: 'example.gov.vn' },
    });
    expect(placeholderWarnings(settings)).toHaveLength(2);
    expect(placeholderWarnings(read(TEST_CONTEXT))).toEqual([]);
  });

  it('reports every problem at once, by key', () => {
    const problems = problemsOf({
      configSpreadsheetId: 'short',
      mailFrom: 'Văn phòng <không-có-dấu@tinh.gov.vn>',
      sesIdentity: 'Not A Domain',
      officeEmail: 'nobody',
      alarmEmail: 'also nobody',
      googleSecretName: 'key-abcdef',
      dailyCron: 'cron(0 7 * * *)',
      intensiveRate: 'every two hours',
      intensiveDays: 0,
      dueDates: ['2027-02-30', 'soon'],
      googleReadsPerMinute: 'fast',
      googleWritesPerMinute: 301,
      runLeaseMinutes: 5,
      region: 'Singapore',
      account: '123',
      stackName: '1st',
    });
    expect(problems.map((p) => p.key).sort()).toEqual(
      [
        'account',
        'alarmEmail',
        'configSpreadsheetId',
        'dailyCron',
        'dueDates',
        'dueDates',
        'googleReadsPerMinute',
        'googleSecretName',
        'googleWritesPerMinute',
        'intensiveDays',
        'intensiveRate',
        'mailFrom',
        'officeEmail',
        'region',
        'runLeaseMinutes',
        'sesIdentity',
        'stackName',
      ].sort(),
    );
    expect(() => read({})).toThrow(
      /configSpreadsheetId: is required[\s\S]*mailFrom: is required[\s\S]*sesIdentity: is required[\s\S]*officeEmail: is required/,
    );
  });

  it('takes -c strings for numbers and lists', () => {
    const settings = read({ ...TEST_CONTEXT, googleReadsPerMinute: '30', intensiveDays: '3', dueDates: '2027-12-20, 2027-06-20,2027-06-20' });
    expect(settings.googleReadsPerMinute).toBe(30);
    expect(settings.intensiveDays).toBe(3);
    expect(settings.dueDates).toEqual(['2027-06-20', '2027-12-20']);
    expect(read({ ...TEST_CONTEXT, dueDates: '["2027-06-20"]' }).dueDates).toEqual(['2027-06-20']);
    expect(read({ ...TEST_CONTEXT, dueDates: '' }).dueDates).toEqual([]);
    expect(read({ ...TEST_CONTEXT, account: '123456789012' }).account).toBe('123456789012');
  });

  it('wants the SES identity to cover the sender', () => {
    expect(read({ ...TEST_CONTEXT, sesIdentity: 'khong-tra-loi@ntm.langson.gov.vn' }).sesIdentity).toEqual({
      kind: 'email',
      address: 'khong-tra-loi@ntm.langson.gov.vn',
    });
    expect(read({ ...TEST_CONTEXT, mailFrom: 'khong-tra-loi@ntm.langson.gov.vn' }).senderAddress).toBe('khong-tra-loi@ntm.langson.gov.vn');
    expect(problemsOf({ ...TEST_CONTEXT, sesIdentity: 'langson.gov.vn' })).toEqual([
      { key: 'sesIdentity', message: expect.stringContaining('does not cover the sender khong-tra-loi@ntm.langson.gov.vn') as unknown },
    ]);
    expect(problemsOf({ ...TEST_CONTEXT, sesIdentity: 'other@ntm.langson.gov.vn' })).toHaveLength(1);
  });
});
