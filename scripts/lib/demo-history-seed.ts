import { demoHistory } from '../../shared/demo/demo-history.js';
import { buildDemoUnits } from '../../shared/demo/demo-units.js';
import { openEmbedded } from './embedded-deps.js';

/**
 * Puts the demo's earlier period (demo-history.ts) into the workspace's store, once: a record
 * already there (a later run re-read it, or the demo was set up before) is left as it is.
 */
export async function seedDemoHistory(workspace: string): Promise<number> {
  const embedded = await openEmbedded({ workspace });
  try {
    const store = embedded.deps.store;
    const records = [];
    for (const r of demoHistory(buildDemoUnits().units)) if ((await store.loadSubmission(r.period, r.unit)) === undefined) records.push(r);
    if (records.length > 0) await store.saveSubmissions(records);
    return records.length;
  } finally {
    await embedded.close();
  }
}
