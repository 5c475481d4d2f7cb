/**
 * Child process for the zip-bomb test: reads the workbook at argv[2] through the gateway and
 * prints one JSON line with what the read threw and the process's peak RSS, which is its own.
 */
import { basename, dirname } from 'node:path';
import { XlsxWorkbookGateway } from '../../shared/adapters/xlsx/xlsx-gateway.js';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: xlsx-bomb-read-child.fixture.ts <path>');
const gateway = new XlsxWorkbookGateway({ dir: dirname(path) });
let outcome: { name: string; reason?: string };
try {
  await gateway.read(basename(path), ['NTM']);
  outcome = { name: 'read' };
} catch (error) {
  outcome = error instanceof Error ? { name: error.name, reason: 'reason' in error ? String(error.reason) : error.message } : { name: String(error) };
}
process.stdout.write(`${JSON.stringify({ ...outcome, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
