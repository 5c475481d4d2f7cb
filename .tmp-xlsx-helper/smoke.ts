import { rm } from 'node:fs/promises';
import { initWorkspace } from '../shared/workspace/init-workspace.ts';
const dir = '/tmp/xl-exp/ws';
await rm(dir, { recursive: true, force: true });
const t = Date.now();
const r = await initWorkspace(dir, { demo: true });
console.log(Date.now() - t, 'ms', r.created.length, r.skipped, r.created.slice(0, 5));
const r2 = await initWorkspace(dir, { demo: true });
console.log(r2.created, r2.skipped.length);
