import { describe, expect, it } from 'vitest';
import { AwsEnvError, parseAwsEnv } from '../../shared/runtime/aws-env.js';

const BASE = { TABLE_NAME: 't', BUCKET_NAME: 'b', CONFIG_SPREADSHEET_ID: '1abc', MAIL_FROM: 'Văn phòng <vp@tinh.gov.vn>' };

describe('parseAwsEnv', () => {
  it('reads the settings, with the lease defaulting to four hours and blank values as unset', () => {
    const env = parseAwsEnv({ ...BASE, SES_CONFIGURATION_SET: '  ', AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4569', RUN_LEASE_MINUTES: undefined });
    expect(env).toMatchObject({ ...BASE, RUN_LEASE_MINUTES: 240, AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4569' });
    expect(env.SES_CONFIGURATION_SET).toBeUndefined();
    expect(parseAwsEnv({ ...BASE, RUN_LEASE_MINUTES: '90' }).RUN_LEASE_MINUTES).toBe(90);
  });

  it('names every problem at once', () => {
    let error: unknown;
    try {
      parseAwsEnv({ BUCKET_NAME: 'b', MAIL_FROM: 'x', RUN_LEASE_MINUTES: '-5', AWS_ENDPOINT_URL_DYNAMODB: 'not a url' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AwsEnvError);
    const message = (error as Error).message;
    for (const name of ['TABLE_NAME', 'CONFIG_SPREADSHEET_ID', 'RUN_LEASE_MINUTES', 'AWS_ENDPOINT_URL_DYNAMODB']) expect(message).toContain(name);
  });
});
