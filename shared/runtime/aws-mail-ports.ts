import { createSesClient } from '../adapters/ses/ses-client.js';
import { SesMailer } from '../adapters/ses/ses-mailer.js';
import type { AwsPorts, WithMailer } from './aws-ports.js';

/** A task's ports with the SES mailer (alert, fail). */
export function withMailer<P extends AwsPorts>(ports: P): P & WithMailer {
  const env = ports.env;
  const mailer = new SesMailer({
    client: createSesClient({
      ...(env.AWS_ENDPOINT_URL_SESV2 === undefined ? {} : { endpoint: env.AWS_ENDPOINT_URL_SESV2 }),
      ...(env.AWS_REGION === undefined ? {} : { region: env.AWS_REGION }),
    }),
    from: env.MAIL_FROM,
    ...(env.SES_CONFIGURATION_SET === undefined ? {} : { configurationSetName: env.SES_CONFIGURATION_SET }),
  });
  return { ...ports, mailer };
}
