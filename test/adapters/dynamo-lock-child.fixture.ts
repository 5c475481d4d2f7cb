/**
 * Child process for the lock race: waits until the instant in argv[3] (ms since epoch), so every
 * child asks for the lock at once, then holds the store for argv[4] ms. Prints `held` or
 * `locked <message>`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { EmbeddedDynamoLockedError, startEmbeddedDynamo } from '../../shared/adapters/dynamo/embedded-dynamo.js';

const [path, at, holdMs] = process.argv.slice(2);
if (path === undefined || at === undefined || holdMs === undefined) throw new Error('usage: dynamo-lock-child.fixture.ts <path> <at> <holdMs>');
while (Date.now() < Number(at)) {
  // Busy-wait the last stretch: a timer would wake each child at a slightly different moment.
}
try {
  const db = await startEmbeddedDynamo({ path });
  process.stdout.write('held\n');
  await sleep(Number(holdMs));
  await db.close();
} catch (error) {
  if (!(error instanceof EmbeddedDynamoLockedError)) throw error;
  process.stdout.write(`locked ${error.message}\n`);
}
