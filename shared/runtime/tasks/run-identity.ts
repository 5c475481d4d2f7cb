import { createHash } from 'node:crypto';
import type { AwsPorts } from '../aws-ports.js';

/** The run lease's name: one run per control spreadsheet (one deployment) at a time. */
export const leaseName = (ports: AwsPorts): string => `run#${ports.env.CONFIG_SPREADSHEET_ID}`;

/** `20241220T010000Z-1a2b3c`: sorts by start time; the same for every attempt of one execution. */
export function runIdOf(execution: string, startedAt: string): string {
  const stamp = new Date(startedAt)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${createHash('sha256').update(execution).digest('hex').slice(0, 6)}`;
}
