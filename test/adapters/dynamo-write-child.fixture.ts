/**
 * Child process for the persistence test: writes through the embedded server at argv[2] and exits
 * without closing anything, as a killed CLI run would.
 */
import { startEmbeddedDynamo } from '../../shared/adapters/dynamo/embedded-dynamo.js';
import { createDynamoClient, ensureTable } from '../../shared/adapters/dynamo/dynamo-client.js';
import { DynamoStore } from '../../shared/adapters/dynamo/dynamo-store.js';
import { periodId } from '../../shared/domain/ids.js';
import { submission } from './dynamo-fixtures.js';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: dynamo-write-child.fixture.ts <path>');
const db = await startEmbeddedDynamo({ path });
const client = createDynamoClient({ endpoint: db.endpoint });
await ensureTable(client, 'ntp-monitor');
const store = new DynamoStore({ client, tableName: 'ntp-monitor' });
await store.setMeta('written-by', 'child');
await store.saveSubmissions([submission(periodId('2018'), 'H777', 4)]);
process.stdout.write('written\n');
process.exit(0);
