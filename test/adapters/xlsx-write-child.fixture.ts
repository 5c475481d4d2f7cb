/**
 * Child process for the write-permission test: run as another user, writes the feedback tab into
 * argv[2] through the gateway and prints one JSON line with what writeTabs threw.
 */
import { basename, dirname } from 'node:path';
import { XlsxWorkbookGateway } from '../../shared/adapters/xlsx/xlsx-gateway.js';
import { WorkbookWriteError } from '../../shared/ports/workbook-gateway.js';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: xlsx-write-child.fixture.ts <path>');
const gateway = new XlsxWorkbookGateway({ dir: dirname(path) });
try {
  await gateway.writeTabs(basename(path), [{ name: 'Kết quả kiểm tra', rows: [['x']] }]);
  process.stdout.write(`${JSON.stringify({ name: 'written' })}\n`);
} catch (error) {
  const kind = error instanceof WorkbookWriteError ? error.kind : undefined;
  const reason = error instanceof WorkbookWriteError ? error.reason : String(error);
  process.stdout.write(`${JSON.stringify({ name: error instanceof Error ? error.name : 'thrown', kind, reason })}\n`);
}
