import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsLocal, synthesize, type ExecutionOutcome } from '../../scripts/lib/aws-local/aws-local.js';
import type { RunJson } from '../../shared/pipeline/json-output.js';
import { seededRandom } from '../../shared/demo/seeded-random.js';
import { FakeGoogleServer, type FakeRequest } from '../support/fake-google/fake-google-server.js';
import { comparable, googleEnv, outbox, runGoogleInProcess, tempDir } from '../support/google-e2e.js';
import { AS_OF, seedGoogleProvince, type GoogleProvince, type UnitKey } from '../support/small-province.js';

/**
 * The AWS deployment's own state machine, as CDK synthesizes it, run here (`npm run aws-local`):
 * every task the exact bundle CDK deploys, in a fresh Node process, against dynalite, s3rver,
 * aws-ses-v2-local and the fake Google server. It must give what `run --google` gives over the
 * same spreadsheets, and stay identical through killed tasks, overlapping executions and a
 * flaky Google.
 */

let fake: FakeGoogleServer;
let cdkOut: string;
const dirs: string[] = [];
const dir = async (prefix: string): Promise<string> => {
  const d = await tempDir(prefix);
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  fake = await FakeGoogleServer.start();
  // One synthesis (bundles included) for the whole file: what `cdk deploy` would upload.
  // AWS_LOCAL_TEST_CDK_OUT reuses one already made (iterating on the tests, not on the bundles).
  cdkOut =
    process.env['AWS_LOCAL_TEST_CDK_OUT'] ?? (await synthesize(join(await dir('ntp-cdkout-'), 'cdk.out'), '1AwsLocalTestConfigXXXXXXXXXXXXXXXXXXXXXXXXX'));
}, 240_000);
afterAll(async () => {
  await fake.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** A province in the fake, with the `Cấu hình` tab init --google writes. */
function province(name: string): GoogleProvince & { summary: string } {
  const p = seedGoogleProvince(fake, name);
  const summary = fake.createSpreadsheet({ title: 'Tổng hợp', folderId: p.folder, tabs: [] });
  fake.addTab(p.control, 'Cấu hình', [
    ['Khóa', 'Giá trị'],
    ['Thư mục Drive', p.folder],
    ['Bảng tổng hợp', summary],
  ]);
  return { ...p, summary };
}

const runAws = (p: GoogleProvince, workspace: string, extra: Partial<Parameters<typeof awsLocal>[0]> = {}): Promise<ExecutionOutcome[]> =>
  awsLocal({ configId: p.control, workspace, cdkOut, env: googleEnv(fake), asOf: AS_OF, retryPauseMs: 20, ...extra });

const jsonOf = (outcomes: ExecutionOutcome[]): RunJson => {
  const run = outcomes.find((o) => o.kind === 'run');
  if (run?.kind !== 'run') throw new Error(`no execution ran: ${JSON.stringify(outcomes)}`);
  return run.json;
};

/**
 * A spreadsheet's tabs as values, with times (which differ between any two runs) blanked: texts
 * holding a time, and the date-time cells of the columns that say when something happened.
 */
function valuesOf(id: string): Record<string, unknown> {
  const timeLike = /^\d{2}\/\d{2}\/\d{4}( \d{2}:\d{2})?$|^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$|^\d{8}T\d{6}Z-[0-9a-f]{6}$/;
  const whenHeader = /lúc|Thay đổi lần cuối/;
  const out: Record<string, unknown> = {};
  for (const tab of fake.tabs(id)) {
    const rows = fake.values(id, tab.title);
    const header = rows.find((row) => row[0] === 'Mã') ?? [];
    const whenColumns = new Set(header.flatMap((h, i) => (typeof h === 'string' && whenHeader.test(h) ? [i] : [])));
    out[tab.title] = rows.map((row) =>
      row.map((v, i) => {
        if (typeof v === 'number') return whenColumns.has(i) ? '<time>' : v;
        if (typeof v !== 'string') return v;
        return timeLike.test(v.trim()) ? '<time>' : v.replace(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/g, '<time>');
      }),
    );
  }
  return out;
}

/** The e-mails a run sent: recipient and text, with the run's time and the summary's address normalised. */
async function mailsOf(workspace: string, summary: string): Promise<string[]> {
  const files = (await readdir(join(workspace, 'outbox')).catch(() => [])).filter((f) => f.endsWith('.eml'));
  const mails = await Promise.all(files.map(async (f) => simpleParser(await readFile(join(workspace, 'outbox', f)))));
  return mails
    .map((m) => {
      const to = (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address ?? '';
      const text = (m.text ?? '')
        .replaceAll(summary, '<summary>')
        // Each province's unit spreadsheets have their own ids: the link is compared by shape.
        .replace(/spreadsheets\/d\/[\w-]+/g, 'spreadsheets/d/<id>')
        .replace(/lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/g, 'lúc <time>');
      return `${to}\n${m.subject ?? ''}\n${text}`;
    })
    .sort();
}

describe('the deployed state machine, run here', () => {
  let p: GoogleProvince & { summary: string };
  let ws: string;
  let first: RunJson;
  let twin: GoogleProvince & { summary: string };
  let twinWs: string;
  let cli: RunJson;

  beforeAll(async () => {
    // Two identical provinces: one through the state machine, one through `run --google`.
    p = province('Tỉnh AWS');
    ws = await dir('ntp-awslocal-');
    first = jsonOf(await runAws(p, ws));
    twin = province('Tỉnh CLI');
    twinWs = await dir('ntp-awscli-');
    cli = (await runGoogleInProcess(fake, twinWs, twin.control, { asOf: AS_OF })).doc;
  }, 180_000);

  it('gives the JSON run --google gives', () => {
    expect(comparable(first)).toEqual(comparable(cli));
    expect(first.units.map((u) => u.status)).toEqual(['invalid', 'invalid', 'invalid']);
  });

  it('writes the same summary and feedback tabs', () => {
    expect(valuesOf(p.summary)).toEqual(valuesOf(twin.summary));
    for (const key of ['a', 'b', 'c'] as UnitKey[]) expect(valuesOf(p.units[key])).toEqual(valuesOf(twin.units[key]));
    expect(Object.keys(valuesOf(p.units.a))).toContain('Kết quả kiểm tra');
  });

  it('sends the same e-mails (through the local SES, written to the outbox)', async () => {
    const sent = await mailsOf(ws, p.summary);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent).toEqual(await mailsOf(twinWs, twin.summary));
  });

  it('keeps its state between calls: a second call finds nothing changed and sends nothing', async () => {
    const before = (await outbox(ws)).length;
    const again = jsonOf(await runAws(p, ws));
    expect(again.units.map((u) => u.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect((await outbox(ws)).length).toBe(before);
  }, 120_000);
});

describe('faults through the state machine', () => {
  let clean: RunJson;
  let cleanMails: string[];
  let cleanSummary: string;

  beforeAll(async () => {
    const p = province('Tỉnh đối chứng');
    const ws = await dir('ntp-awsclean-');
    clean = jsonOf(await runAws(p, ws));
    cleanMails = await mailsOf(ws, p.summary);
    cleanSummary = JSON.stringify(valuesOf(p.summary));
  }, 180_000);

  it('a task process killed after doing its work is retried, and the result is identical', async () => {
    const p = province('Tỉnh tác vụ chết');
    const ws = await dir('ntp-awskill-');
    // The first unit's task, then consolidate, publish and alert each die once just before replying.
    const json = jsonOf(await runAws(p, ws, { killAfterWork: { IngestUnit: [1], Consolidate: [1], Publish: [1], Alert: [1] } }));
    expect(comparable(json)).toEqual(comparable(clean));
    expect(await mailsOf(ws, p.summary)).toEqual(cleanMails);
    expect(JSON.stringify(valuesOf(p.summary))).toBe(cleanSummary);
  }, 180_000);

  it('of two executions started together, one publishes and the other ends cleanly', async () => {
    const p = province('Tỉnh hai lần chạy');
    const ws = await dir('ntp-awstwo-');
    const outcomes = await runAws(p, ws, { executions: 2 });
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['run', 'skipped']);
    expect(comparable(jsonOf(outcomes))).toEqual(comparable(clean));
    expect(await mailsOf(ws, p.summary)).toEqual(cleanMails);
  }, 180_000);

  it('with 30% of Google requests answered 429 or 503, the results are the same', async () => {
    const p = province('Tỉnh Google chập chờn');
    const ws = await dir('ntp-awsflaky-');
    const random = seededRandom(20241225).next;
    fake.fault = (r: FakeRequest) => {
      if (r.spreadsheetId === undefined || random() >= 0.3) return undefined;
      return random() < 0.5 ? { status: 429, retryAfterSeconds: 0 } : { status: 503, serveFirst: random() < 0.5 };
    };
    fake.clearLog();
    let json: RunJson;
    try {
      json = jsonOf(await runAws(p, ws));
    } finally {
      fake.fault = undefined;
    }
    expect(fake.log.filter((e) => e.injected).length).toBeGreaterThanOrEqual(3);
    expect(comparable(json)).toEqual(comparable(clean));
    expect(await mailsOf(ws, p.summary)).toEqual(cleanMails);
  }, 180_000);
});
