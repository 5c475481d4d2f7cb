import { describe, expect, it } from 'vitest';
import { scanWorksheet } from '../../shared/adapters/xlsx/xlsx-sheet-scan.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

describe('scanWorksheet', () => {
  it('finds rows, cells, column formats and the elements after sheetData', () => {
    const xml =
      `<?xml version="1.0"?><worksheet xmlns="${MAIN}" xmlns:r="${REL}"><cols><col min="1" max="3" style="4"/></cols>` +
      '<sheetData><row r="2" spans="1:3"><c r="A2" s="5" t="s"><v>0</v></c><c r="C2"><is><t>a &lt; b</t></is></c></row><row r="4"/><!-- <row r="9"> --></sheetData>' +
      '<pageMargins left="0.7"/><legacyDrawing r:id="rId3"/><tableParts count="0"/></worksheet>';
    const scan = scanWorksheet(xml);
    expect(scan?.prefix).toBe('');
    expect(scan?.relPrefix).toBe('r');
    expect(scan?.rows.map((r) => [r.r, [...r.cells.keys()]])).toEqual([
      [2, [1, 3]],
      [4, []],
    ]);
    expect(scan?.rows[0]?.cells.get(1)?.attrs.get('s')).toBe('5');
    expect(xml.slice(scan?.rows[0]?.el.contentEnd, scan?.rows[0]?.el.end)).toBe('</row>');
    expect(scan?.cols).toEqual([{ min: 1, max: 3, style: 4 }]);
    expect(scan?.legacyDrawing?.attrs.get('r:id')).toBe('rId3');
    expect(scan?.tail.map((t) => t.local)).toEqual(['pageMargins', 'legacyDrawing', 'tableParts']);
  });

  it('reads a prefixed sheet (OpenXML SDK)', () => {
    const scan = scanWorksheet(`<x:worksheet xmlns:x="${MAIN}"><x:sheetData><x:row r="1"><x:c r="B1"/></x:row></x:sheetData></x:worksheet>`);
    expect(scan?.prefix).toBe('x:');
    expect(scan?.rows[0]?.cells.has(2)).toBe(true);
  });

  it.each([
    ['a row without its number', `<worksheet xmlns="${MAIN}"><sheetData><row><c r="A1"/></row></sheetData></worksheet>`],
    ['a cell of another row', `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A2"/></row></sheetData></worksheet>`],
    ['tags that do not nest', `<worksheet xmlns="${MAIN}"><sheetData><row r="1"></sheetData></row></worksheet>`],
    ['a document type declaration', `<!DOCTYPE x [<!ENTITY a "b">]><worksheet xmlns="${MAIN}"><sheetData/></worksheet>`],
    ['another namespace', `<worksheet xmlns="urn:other"><sheetData/></worksheet>`],
    ['no sheetData', `<worksheet xmlns="${MAIN}"></worksheet>`],
  ])('answers undefined for %s', (_, xml) => {
    expect(scanWorksheet(xml)).toBeUndefined();
  });
});
