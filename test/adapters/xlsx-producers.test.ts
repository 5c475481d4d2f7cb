import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkbookBytes } from '../../shared/adapters/xlsx/xlsx-file.js';
import { XlsxWorkbookGateway } from '../../shared/adapters/xlsx/xlsx-gateway.js';
import {
  CT_NS,
  parseRels,
  partReader,
  readWorkbookDocument,
  relsPartOf,
  resolveTarget,
  xmlTextOf,
  type WorkbookDocument,
} from '../../shared/adapters/xlsx/xlsx-package-structure.js';
import { attributeOf, parseXml } from '../../shared/adapters/xlsx/xml-document.js';
import { readZipParts, zipCommentOf, type ZipPart } from '../../shared/adapters/xlsx/zip-archive.js';
import type { A1Cell } from '../../shared/domain/ids.js';
import type { SheetIssue } from '../../shared/domain/issue.js';
import { renderFeedbackTab } from '../../shared/publish/feedback-tab.js';
import type { TabWrite } from '../../shared/ports/workbook-gateway.js';
import { fixtureReports, fixtureUnits, PERIOD } from '../publish/fixture.js';
import { withDataDescriptors, withSingleQuotedAttributes, withZipComment } from '../support/xlsx-variants.js';

const FIXTURES = new URL('../fixtures/xlsx-producers/', import.meta.url);
const FEEDBACK = 'Kết quả kiểm tra';

/** A package's view for the comparisons: entries by name, and its bookkeeping parsed. */
interface PackageView {
  parts: Map<string, ZipPart>;
  raw: (name: string) => Buffer | undefined;
  text: (name: string) => string | undefined;
  wb: WorkbookDocument;
}

function viewOf(bytes: Buffer): PackageView {
  const list = readZipParts(bytes);
  if (!list) throw new Error('not a zip');
  const raw = partReader(list);
  const text = (name: string): string | undefined => {
    const r = raw(name);
    return r === undefined ? undefined : xmlTextOf(r).text;
  };
  const wb = readWorkbookDocument(text);
  if (!wb) throw new Error('no workbook');
  return { parts: new Map(list.map((p) => [p.entry.name.toString('utf8'), p])), raw, text, wb };
}

const stylesPartOf = (v: PackageView): string | undefined => {
  const rel = parseRels(v.text(relsPartOf(v.wb.part)))?.rels.find((r) => r.type.endsWith('/styles'));
  return rel === undefined ? undefined : resolveTarget(v.wb.part, rel.target);
};

/** Parts a write may change: the bookkeeping parts, the feedback tab's part and what hangs off it, the calculation chain. */
function mayChange(v: PackageView): Set<string> {
  const rels = parseRels(v.text(relsPartOf(v.wb.part)))?.rels ?? [];
  const out = new Set(['[Content_Types].xml', v.wb.part, relsPartOf(v.wb.part), stylesPartOf(v) ?? '']);
  for (const r of rels) if (r.type.endsWith('/calcChain')) out.add(resolveTarget(v.wb.part, r.target));
  const feedback = v.wb.tabs.find((t) => t.name === FEEDBACK);
  const rel = rels.find((r) => r.id === feedback?.rid);
  if (rel) {
    const part = resolveTarget(v.wb.part, rel.target);
    out.add(part);
    out.add(relsPartOf(part));
    for (const r of parseRels(v.text(relsPartOf(part)))?.rels ?? []) if (!r.external) out.add(resolveTarget(part, r.target));
  }
  return out;
}

/** Every entry the write may not change is byte-identical; the bookkeeping still lists everything it listed. */
function expectLosslessPackage(before: Buffer, after: Buffer): void {
  const a = viewOf(before);
  const b = viewOf(after);
  const allowed = mayChange(a);
  for (const [name, p] of a.parts) {
    if (allowed.has(name)) continue;
    const q = b.parts.get(name);
    expect(q, `entry ${name} kept`).toBeDefined();
    expect(q?.data.equals(p.data), `entry ${name} byte-identical`).toBe(true);
    expect(q?.entry.method).toBe(p.entry.method);
    expect(q?.entry.crc).toBe(p.entry.crc);
  }
  // Every original sheet, with its id and relationship.
  const sheets = (v: PackageView): string[] => v.wb.tabs.map((t) => `${t.name}|${t.sheetId}|${t.rid ?? ''}`);
  expect(sheets(b)).toEqual(expect.arrayContaining(sheets(a)));
  // Every original relationship of the workbook but the calculation chain.
  const rels = (v: PackageView): string[] =>
    (parseRels(v.text(relsPartOf(v.wb.part)))?.rels ?? [])
      .filter((r) => !r.type.endsWith('/calcChain'))
      .map((r) => `${r.id}|${r.type}|${resolveTarget(v.wb.part, r.target)}`);
  expect(rels(b)).toEqual(expect.arrayContaining(rels(a)));
  // Every content type: defaults, and the overrides of parts still there.
  const types = (v: PackageView): string[] => {
    const root = parseXml(v.text('[Content_Types].xml') ?? '')?.root;
    return (root?.children ?? [])
      .filter((e) => e.uri === CT_NS)
      .map((e) =>
        e.local === 'Default'
          ? `D|${attributeOf(e, 'Extension')?.toLowerCase()}|${attributeOf(e, 'ContentType')}`
          : `O|${resolveTarget('', attributeOf(e, 'PartName') ?? '')}|${attributeOf(e, 'ContentType')}`,
      );
  };
  const removed = [...allowed].filter((n) => !b.parts.has(n));
  expect(types(b)).toEqual(expect.arrayContaining(types(a).filter((t) => !removed.some((r) => t === `O|${r}|${t.split('|')[2] ?? ''}`))));
  expect(zipCommentOf(after).equals(zipCommentOf(before))).toBe(true);
}

/** What exceljs sees of a tab: every cell's value and style, note, and the data validations. */
function tabModel(ws: ExcelJS.Worksheet): unknown {
  const cells: unknown[] = [];
  ws.eachRow({ includeEmpty: true }, (row) => {
    row.eachCell({ includeEmpty: true }, (cell) => {
      cells.push({ at: cell.address, value: cell.value, style: cell.style, note: cell.note });
    });
  });
  const validations = (ws as unknown as { dataValidations: { model: unknown } }).dataValidations.model;
  return { name: ws.name, state: ws.state, cells, validations, merges: (ws as unknown as { model: { merges: unknown } }).model.merges };
}

async function exceljsTabs(bytes: Buffer): Promise<Map<string, unknown>> {
  const wb = await loadWorkbookBytes(bytes, 'x.xlsx');
  return new Map(wb.worksheets.map((ws) => [ws.name, tabModel(ws)]));
}

function feedbackTab(round: number): TabWrite {
  const unit = fixtureUnits().find((u) => u.code === '082');
  const report = fixtureReports().find((r) => r.code === '082');
  if (!unit || !report) throw new Error('fixture');
  const issues: SheetIssue[] = [
    {
      code: 'criterion_invalid',
      severity: 'error',
      tab: 'NTM',
      cell: 'C2' as A1Cell,
      value: 'Dat',
      message: `Giá trị không hợp lệ (lần ${round})`,
      hint: 'Chọn Đạt hoặc Chưa đạt.',
    },
    { code: 'poverty_flow_mismatch', severity: 'warning', tab: 'Giảm nghèo', cell: 'D2' as A1Cell, message: 'Số hộ nghèo tăng' },
  ];
  return renderFeedbackTab({ unit, report: { ...report, status: 'invalid' }, issues, checkedAt: `2024-10-1${round}T05:00:00.000Z`, period: PERIOD });
}

interface Fixture {
  name: string;
  bytes: () => Promise<Buffer>;
}

const file =
  (name: string): (() => Promise<Buffer>) =>
  () =>
    readFile(new URL(name, FIXTURES));
const FIXTURE_LIST: Fixture[] = [
  { name: 'excel-windows-tables.xlsx', bytes: file('excel-windows-tables.xlsx') },
  { name: 'excel-mac-chartsheet.xlsx', bytes: file('excel-mac-chartsheet.xlsx') },
  { name: 'libreoffice.xlsx', bytes: file('libreoffice.xlsx') },
  { name: 'google-sheets.xlsx', bytes: file('google-sheets.xlsx') },
  { name: 'openpyxl.xlsx', bytes: file('openpyxl.xlsx') },
  { name: 'openxml-sdk-closedxml.xlsx', bytes: file('openxml-sdk-closedxml.xlsx') },
  { name: 'tencent-office-prefixed.xlsx', bytes: file('tencent-office-prefixed.xlsx') },
  { name: 'libreoffice.xlsx, single-quoted attributes', bytes: async () => withSingleQuotedAttributes(await file('libreoffice.xlsx')()) },
  { name: 'excel-windows-tables.xlsx, data descriptors', bytes: async () => withDataDescriptors(await file('excel-windows-tables.xlsx')()) },
  { name: 'libreoffice.xlsx, zip comment', bytes: async () => withZipComment(await file('libreoffice.xlsx')()) },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xlsx-producers-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writing the feedback tab into workbooks of real producers', () => {
  it('the variants are what they claim to be', async () => {
    const quoted = withSingleQuotedAttributes(await file('libreoffice.xlsx')());
    expect(viewOf(quoted).text('xl/workbook.xml')).toMatch(/<sheet name='NTM'/);
    const described = readZipParts(withDataDescriptors(await file('excel-windows-tables.xlsx')())) ?? [];
    expect(described.every((p) => (p.entry.flags & 0x8) !== 0)).toBe(true);
    expect(zipCommentOf(withZipComment(await file('libreoffice.xlsx')())).length).toBeGreaterThan(0);
    // Real producers' own spellings the tests rely on.
    expect(viewOf(await file('openxml-sdk-closedxml.xlsx')()).wb.root.name).toBe('x:workbook');
    expect((readZipParts(await file('google-sheets.xlsx')()) ?? []).some((p) => (p.entry.flags & 0x8) !== 0)).toBe(true);
  });

  for (const fixture of FIXTURE_LIST) {
    it(`${fixture.name}: loses nothing, twice, and reads back`, async () => {
      const original = await fixture.bytes();
      const ref = `${fixture.name.replace(/[^a-z0-9.-]+/gi, '_')}.xlsx`;
      await writeFile(join(dir, ref), original);
      const gw = new XlsxWorkbookGateway({ dir });
      const tabs = viewOf(original).wb.tabs.map((t) => t.name);

      await gw.writeTabs(ref, [feedbackTab(1)]);
      const first = await readFile(join(dir, ref));
      expectLosslessPackage(original, first);
      expect(viewOf(first).wb.tabs.map((t) => t.name)).toEqual([...tabs, FEEDBACK]);

      await gw.writeTabs(ref, [feedbackTab(2)]);
      const second = await readFile(join(dir, ref));
      expectLosslessPackage(first, second);
      expectLosslessPackage(original, second);
      expect(viewOf(second).wb.tabs.map((t) => t.name)).toEqual([...tabs, FEEDBACK]);

      const before = await exceljsTabs(original);
      const after = await exceljsTabs(second);
      for (const [name, model] of before) expect(after.get(name), `tab ${name} as exceljs reads it`).toEqual(model);
      const raw = await new XlsxWorkbookGateway({ dir }).read(ref, [FEEDBACK, ...tabs]);
      const fb = raw.sheets.find((s) => s.name === FEEDBACK);
      expect(fb?.rows.flat()).toContain('Giá trị không hợp lệ (lần 2)');
      expect(raw.sheets.map((s) => s.name).sort()).toEqual([...before.keys(), FEEDBACK].sort());
    });
  }
});

describe('marking an error cell in workbooks of real producers, then clearing it', () => {
  for (const fixture of FIXTURE_LIST) {
    it(`${fixture.name}: exceljs sees the fill and the note, then the tab as it was`, async () => {
      const original = await fixture.bytes();
      const ref = `marks-${fixture.name.replace(/[^a-z0-9.-]+/gi, '_')}.xlsx`;
      await writeFile(join(dir, ref), original);
      const gw = new XlsxWorkbookGateway({ dir });
      const before = await exceljsTabs(original);
      const wb = await loadWorkbookBytes(original, ref);
      const sheet = wb.worksheets.find((ws) => ws.name !== FEEDBACK);
      if (!sheet) throw new Error('no worksheet');
      // A cell without a note of staff's (a cell that has one keeps it, and gets no note of ours).
      const at = ['B2', 'C3', 'D3', 'B3'].find((a) => sheet.getCell(a).note === undefined) ?? 'E9';
      const marks = [{ tab: sheet.name, cell: at, note: `Lỗi thử trên ô ${at}.` }];

      await gw.writeTabs(ref, [feedbackTab(1)], { marks: { set: marks, clear: [] } });
      const marked = await loadWorkbookBytes(await readFile(join(dir, ref)), ref);
      const cell = marked.getWorksheet(sheet.name)?.getCell(at);
      const note = cell?.note;
      expect(typeof note === 'string' ? note : note?.texts?.map((t) => t.text).join('')).toBe(`Lỗi thử trên ô ${at}.`);
      const fill = cell?.fill;
      expect(fill?.type === 'pattern' ? fill.fgColor?.argb : undefined).toBe('FFF4CCCC');
      expect(cell?.value).toEqual(sheet.getCell(at).value);

      await gw.writeTabs(ref, [feedbackTab(2)], { marks: { set: [], clear: marks } });
      const after = await exceljsTabs(await readFile(join(dir, ref)));
      for (const [name, model] of before) expect(after.get(name), `tab ${name} as exceljs reads it`).toEqual(model);
    });
  }
});
