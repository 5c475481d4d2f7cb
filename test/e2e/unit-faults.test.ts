import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tabNamesOf } from '../../shared/adapters/xlsx/xlsx-package-structure.js';
import { readZipParts, writeZip } from '../../shared/adapters/xlsx/zip-archive.js';
import { runCli, runJson, type RunJsonDoc } from '../support/cli.js';
import { AS_OF, controlTabs, unitTabs, writeXlsxProvince, type Cell, type Tab } from '../support/small-province.js';
import { OTHER_UNITS, resultsOf } from '../support/unit-results.js';
import { withSingleQuotedAttributes } from '../support/xlsx-variants.js';
import { readTab, writeFixtureWorkbook } from '../support/xlsx-fixture.js';
import { zipBombWorkbook } from '../support/zip-bomb.js';

/**
 * One unit's fault stays that unit's, through the real command line on real files: for each kind of
 * bad configuration, workbook or file permission concerning Huyện C (003), the run completes
 * (exit 0) and Huyện A and B come out exactly as in a clean run.
 */

const dirs: string[] = [];
async function workspace(): Promise<string> {
  const ws = await mkdtemp(join(tmpdir(), 'ntp-unit-faults-'));
  dirs.push(ws);
  await writeXlsxProvince(ws);
  return ws;
}

/** Rewrites config.xlsx from the small province's tabs after `edit`. */
async function editConfig(ws: string, edit: (tabs: Tab[]) => void): Promise<void> {
  const tabs = controlTabs({ a: 'a.xlsx', b: 'b.xlsx', c: 'c.xlsx' });
  edit(tabs);
  await writeFixtureWorkbook(join(ws, 'config.xlsx'), tabs);
}

const rowsOf = (tabs: Tab[], name: string): Cell[][] => {
  const tab = tabs.find((t) => t.name === name);
  if (!tab) throw new Error(`no tab ${name}`);
  return tab.rows;
};
/** Huyện C's row in `Đơn vị` (row 6 of the sheet). */
const unitC = (tabs: Tab[]): Cell[] => rowsOf(tabs, 'Đơn vị')[5] as Cell[];

const issue = (doc: RunJsonDoc, unit: string, code: string) => doc.issues.find((i) => i.unit === unit && i.code === code);
const status = (doc: RunJsonDoc, unit: string) => doc.units.find((u) => u.code === unit)?.status;

let clean: RunJsonDoc;
beforeAll(async () => {
  clean = await runJson(await workspace(), ['--as-of', AS_OF]);
});
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('configuration errors stay on their cells and their subtree', () => {
  it('a workbook path leaving the workspace is an error on its cell and the unit is unreadable', async () => {
    const ws = await workspace();
    await editConfig(ws, (tabs) => {
      unitC(tabs)[5] = '../x.xlsx';
    });
    const res = await runCli(['run', '--workspace', ws, '--json', '--as-of', AS_OF]);
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout) as RunJsonDoc;
    expect(issue(doc, 'config', 'workbook_ref_invalid')).toMatchObject({ tab: 'Đơn vị', cell: 'F6', severity: 'error', value: '../x.xlsx' });
    expect(status(doc, '003')).toBe('unreadable');
    expect(issue(doc, '003', 'workbook_ref_invalid')?.message).toContain('ra ngoài thư mục');
    expect(resultsOf(doc)).toEqual(resultsOf(clean));
  });

  it('a workbook claimed by two units is read for the first, an error for the second, and its feedback stays put', async () => {
    const ws = await workspace();
    await editConfig(ws, (tabs) => {
      unitC(tabs)[5] = 'B.xlsx'; // the same file as Huyện B's, spelled otherwise
    });
    const first = await runJson(ws, ['--as-of', AS_OF]);
    expect(issue(first, 'config', 'workbook_shared')).toMatchObject({ tab: 'Đơn vị', cell: 'F6' });
    expect(issue(first, 'config', 'workbook_shared')?.message).toContain('Huyện B');
    expect(status(first, '003')).toBe('unreadable');
    expect(resultsOf(first)).toEqual(resultsOf(clean));
    const feedback = JSON.stringify(await readTab(join(ws, 'units', 'b.xlsx'), 'Kết quả kiểm tra'));
    expect(feedback).toContain('Huyện B');
    expect(feedback).not.toContain('Huyện C');
    const second = await runJson(ws, ['--as-of', AS_OF]);
    expect(status(second, '002')).toBe('unchanged');
  });

  it('a district placed under a commune is an error on its parent cell, with no false alerts', async () => {
    const ws = await workspace();
    await editConfig(ws, (tabs) => {
      rowsOf(tabs, 'Đơn vị').push(['004', 'Huyện D', 'huyện', '00005', null, null, null], ['00009', 'Xã Chín', 'xã', '004', null, null, null]);
    });
    const doc = await runJson(ws, ['--as-of', AS_OF]);
    expect(issue(doc, 'config', 'level_mismatch')).toMatchObject({ tab: 'Đơn vị', cell: 'D12', severity: 'error' });
    expect(doc.alerts.map((a) => `${a.kind}:${a.unit}`)).toEqual(clean.alerts.map((a) => `${a.kind}:${a.unit}`));
    const everyone = new Set([...OTHER_UNITS, '003', '00005']);
    expect(resultsOf(doc, everyone)).toEqual(resultsOf(clean, everyone));
  });

  it('an impossible due date leaves the programme scheduled, with deadline-based results pending', async () => {
    const ws = await workspace();
    await editConfig(ws, (tabs) => {
      (rowsOf(tabs, 'Lịch báo cáo')[1] as Cell[])[2] = '31/02/2024'; // ntm
    });
    const doc = await runJson(ws, ['--as-of', AS_OF]);
    expect(issue(doc, 'config', 'date_invalid')).toMatchObject({ tab: 'Lịch báo cáo', cell: 'C2' });
    // NTM is still read and consolidated...
    expect(resultsOf(doc)).toEqual(resultsOf(clean));
    const standard = (d: RunJsonDoc) => d.indicators.find((i) => i.unit === '01' && i.indicator === 'ntm.standard')?.value;
    expect(standard(doc)).toBe(standard(clean));
    // ...but the border communes' target, short of its goal, is not judged against a deadline nobody can read.
    const target = (d: RunJsonDoc) => d.targets.find((t) => t.unit === 'nhóm:xã biên giới' && t.indicator === 'ntm.standard')?.status;
    expect(target(clean)).toBe('missed');
    expect(target(doc)).toBe('pending');
  });
});

describe('a unit workbook that would stop the run', () => {
  it('a submission larger than a DynamoDB item is processed, its body kept in the object store', async () => {
    const ws = await workspace();
    const tabs = unitTabs(false).c;
    const ntm = tabs[0] as Tab;
    // Nineteen criterion cells of 32,767 random characters (Excel's maximum): every value is quoted
    // back in the unit's findings, and random text does not compress.
    ntm.rows[1] = ['00005', 'Xã Năm', ...Array.from({ length: 19 }, () => randomBytes(24_576).toString('base64'))];
    await writeFixtureWorkbook(join(ws, 'units', 'c.xlsx'), tabs);
    const doc = await runJson(ws, ['--as-of', AS_OF]);
    expect(status(doc, '003')).toBe('invalid');
    expect(doc.issues.filter((i) => i.unit === '003' && i.code === 'criterion_invalid')).toHaveLength(19);
    expect(resultsOf(doc)).toEqual(resultsOf(clean));
    expect(await readdir(join(ws, '.state', 'objects', 'store', 'submissions', '2024', '003'))).toHaveLength(1);
    const again = await runJson(ws, ['--as-of', AS_OF]);
    expect(status(again, '003')).toBe('unchanged');
    expect(again.issues.filter((i) => i.unit === '003')).toEqual(doc.issues.filter((i) => i.unit === '003'));
  });

  it('a folder the run may not write to costs the unit its feedback tab, not the province its run', async () => {
    const ws = await workspace();
    await mkdir(join(ws, 'units', 'locked'));
    await rename(join(ws, 'units', 'c.xlsx'), join(ws, 'units', 'locked', 'c.xlsx'));
    await editConfig(ws, (tabs) => {
      unitC(tabs)[5] = 'locked/c.xlsx';
    });
    const before = await readFile(join(ws, 'units', 'locked', 'c.xlsx'));
    await chmod(join(ws, 'units', 'locked'), 0o555);
    // Root ignores permission bits; without CAP_DAC_OVERRIDE it obeys them like anyone.
    const wrap = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search,-fowner', '--'] : [];
    const res = await runCli(['run', '--workspace', ws, '--json', '--as-of', AS_OF], {}, wrap);
    await chmod(join(ws, 'units', 'locked'), 0o755);
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout) as RunJsonDoc;
    expect(issue(doc, '003', 'feedback_not_written')?.message).toMatch(/không có quyền ghi/);
    expect(status(doc, '003')).toBe(status(clean, '003'));
    expect(resultsOf(doc)).toEqual(resultsOf(clean));
    expect(await readFile(join(ws, 'units', 'locked', 'c.xlsx'))).toEqual(before);
  });
});

describe("a unit workbook's bytes, as other programs and attackers write them", () => {
  const cPath = (ws: string): string => join(ws, 'units', 'c.xlsx');
  const tabsOf = async (path: string): Promise<string[]> => {
    const names = tabNamesOf(await readFile(path));
    if (names === undefined) throw new Error(`no tab list in ${path}`);
    return names;
  };

  it('a workbook.xml written with single quotes keeps every tab staff had (it lost them all before)', async () => {
    const ws = await workspace();
    await writeFile(cPath(ws), withSingleQuotedAttributes(await readFile(cPath(ws))));
    const before = await readTab(cPath(ws), 'NTM');
    const doc = await runJson(ws, ['--as-of', AS_OF]);
    expect(resultsOf(doc)).toEqual(resultsOf(clean));
    expect(status(doc, '003')).toBe(status(clean, '003'));
    expect(await tabsOf(cPath(ws))).toEqual(['NTM', 'Kết quả kiểm tra']);
    expect(await readTab(cPath(ws), 'NTM')).toEqual(before);
  });

  it('a package without xl/workbook.xml is unreadable, with a reason in Vietnamese', async () => {
    const ws = await workspace();
    const parts = readZipParts(await readFile(cPath(ws)));
    if (!parts) throw new Error('fixture is not a zip');
    const stripped = writeZip(parts.filter((p) => p.entry.name.toString('utf8') !== 'xl/workbook.xml'));
    await writeFile(cPath(ws), stripped);
    const res = await runCli(['run', '--workspace', ws, '--json', '--as-of', AS_OF]);
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout) as RunJsonDoc;
    expect(status(doc, '003')).toBe('unreadable');
    expect(issue(doc, '003', 'workbook_unreadable')?.message).not.toMatch(/Cannot read|undefined/);
    expect(resultsOf(doc)).toEqual(resultsOf(clean));
    expect(await readFile(cPath(ws))).toEqual(stripped);
  });

  it('a zip bomb (1.5 GB inflated) is unreadable for its unit and the others are published', async () => {
    const ws = await workspace();
    await writeFile(cPath(ws), zipBombWorkbook(1_500 * 1024 * 1024));
    const doc = await runJson(ws, ['--as-of', AS_OF]);
    expect(status(doc, '003')).toBe('unreadable');
    expect(issue(doc, '003', 'workbook_unreadable')?.message).toMatch(/giải nén/);
    expect(resultsOf(doc)).toEqual(resultsOf(clean));
  });

  it('a read-only workbook is not replaced: its unit gets the warning "tệp chỉ đọc"', async () => {
    const ws = await workspace();
    await chmod(cPath(ws), 0o444);
    const before = await readFile(cPath(ws));
    const doc = await runJson(ws, ['--as-of', AS_OF]);
    expect(issue(doc, '003', 'feedback_not_written')?.message).toContain('tệp chỉ đọc');
    expect(resultsOf(doc)).toEqual(resultsOf(clean));
    expect(await readFile(cPath(ws))).toEqual(before);
    expect((await stat(cPath(ws))).mode & 0o777).toBe(0o444);
  });

  it('a rewritten workbook keeps its mode and its group', async () => {
    const ws = await workspace();
    await chmod(cPath(ws), 0o666);
    const gid = process.getuid?.() === 0 ? 100 : (await stat(cPath(ws))).gid;
    if (process.getuid?.() === 0) await chown(cPath(ws), 0, gid);
    await runJson(ws, ['--as-of', AS_OF]);
    const after = await stat(cPath(ws));
    expect(after.mode & 0o777).toBe(0o666);
    expect(after.gid).toBe(gid);
    expect(await tabsOf(cPath(ws))).toContain('Kết quả kiểm tra');
  });
});

describe('one run per workspace', () => {
  it('of two runs started together, one runs and the other says in Vietnamese who holds the workspace', async () => {
    const ws = await workspace();
    const [a, b] = await Promise.all([runCli(['run', '--workspace', ws, '--as-of', AS_OF]), runCli(['run', '--workspace', ws, '--as-of', AS_OF])]);
    const codes = [a.code, b.code].sort();
    expect(codes).toEqual([0, 1]);
    const loser = a.code === 1 ? a : b;
    expect(loser.stderr).toMatch(/Thư mục làm việc đang được lần chạy của tiến trình \d+/);
    expect(loser.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a note left by a dead run whose pid now belongs to another process does not block the next run', async () => {
    const ws = await workspace();
    await mkdir(join(ws, '.state'), { recursive: true });
    await writeFile(join(ws, '.state', 'dynamodb.lock'), JSON.stringify({ pid: 1, startedAt: '2024-12-01T00:00:00.000Z', host: hostname() }));
    const res = await runCli(['run', '--workspace', ws, '--as-of', AS_OF]);
    expect(res.code).toBe(0);
  });

  it('an impossible --as-of is a usage error that writes nothing', async () => {
    const ws = await workspace();
    const res = await runCli(['run', '--workspace', ws, '--as-of', '2018-02-30']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--as-of phải là một ngày có thật');
    await expect(stat(join(ws, '.state'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
