import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AwsPorts, WithGoogle } from '../../shared/runtime/aws-ports.js';

/** Structured JSON logs, one line per event, with the task and the run id on every line. */
export const logger = new Logger({ serviceName: 'ntp-monitor' });
/** CloudWatch metrics in the embedded metric format (one log line per invocation, no API call). */
export const metrics = new Metrics({ namespace: 'NtpMonitor', serviceName: 'ntp-monitor' });

export type Counters = Record<string, number>;

/**
 * A Lambda handler around one task: keys the logs with the run, times the task, and publishes
 * the counters the task reports (units by status, Google calls, e-mails sent and failed). Errors
 * are logged and rethrown for the state machine's Retry and Catch.
 */
export function taskHandler<P extends AwsPorts, I extends object, O>(
  task: string,
  ports: P,
  run: (ports: P, input: I) => Promise<O>,
  count: (input: I, output: O) => Counters = () => ({}),
) {
  // Only the tasks given Google count its calls, and only once it was started (the first
  // invocation of a container starts it inside the task).
  const gateway = (): { stats(): { byBucket: Record<'read' | 'write' | 'drive', number> } } | undefined =>
    'googleIfStarted' in ports ? (ports as P & WithGoogle).googleIfStarted()?.gateway : undefined;
  return async (input: I): Promise<O> => {
    const runId = 'runId' in input && typeof input.runId === 'string' ? input.runId : undefined;
    logger.appendKeys({ task, ...(runId === undefined ? {} : { runId }) });
    const callsBefore = gateway()?.stats().byBucket;
    const started = Date.now();
    try {
      const output = await run(ports, input);
      const callsAfter = gateway()?.stats().byBucket;
      const counters: Counters = { ...count(input, output) };
      if (callsAfter !== undefined) {
        for (const bucket of ['read', 'write', 'drive'] as const) {
          const n = callsAfter[bucket] - (callsBefore?.[bucket] ?? 0);
          if (n > 0) counters[`google_${bucket}`] = n;
        }
      }
      for (const [name, value] of Object.entries(counters)) metrics.addMetric(name, MetricUnit.Count, value);
      logger.info('task done', { ms: Date.now() - started, ...counters });
      return output;
    } catch (error) {
      logger.error('task failed', error instanceof Error ? error : String(error));
      throw error;
    } finally {
      metrics.publishStoredMetrics();
      logger.removeKeys(['task', 'runId']);
    }
  };
}
