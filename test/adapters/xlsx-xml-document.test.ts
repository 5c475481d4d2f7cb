import { describe, expect, it } from 'vitest';
import { appendInside, applyEdits, attributeOf, parseXml, prefixFor, startTagWith } from '../../shared/adapters/xlsx/xml-document.js';
import { tabNamesOf } from '../../shared/adapters/xlsx/xlsx-package-structure.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

describe('parseXml', () => {
  it('reads any valid spelling: BOM, declaration, comments, single quotes, prefixes, entities, CDATA', () => {
    const xml = `\uFEFF<?xml version='1.0' encoding='UTF-8'?>\n<!-- saved by hand --><x:workbook xmlns:x='${MAIN}' xmlns:rel="${REL}"><x:sheets><x:sheet name='A &amp; B&#x1F600;' sheetId='1' rel:id='rId1'/><x:sheet name="C" sheetId="2" rel:id="rId2"></x:sheet></x:sheets><x:definedNames><x:definedName name='n'><![CDATA['A & B'!$A$1]]></x:definedName></x:definedNames></x:workbook>`;
    const doc = parseXml(xml);
    if (!doc) throw new Error('not parsed');
    expect([doc.root.local, doc.root.uri, doc.declaredEncoding]).toEqual(['workbook', MAIN, 'UTF-8']);
    const [sheets, names] = doc.root.children;
    const first = sheets?.children[0];
    if (!first || !names) throw new Error('shape');
    expect(attributeOf(first, 'name')).toBe('A & B😀');
    expect(attributeOf(first, 'id', REL)).toBe('rId1');
    expect(prefixFor(first, REL)).toBe('rel');
    expect(xml.slice(first.start, first.end)).toBe(`<x:sheet name='A &amp; B&#x1F600;' sheetId='1' rel:id='rId1'/>`);
    expect(names.children[0]?.text).toBe("'A & B'!$A$1");
    // Edits at parsed positions keep every other character as written.
    const renamed = applyEdits(xml, [{ start: first.start, end: first.startTagEnd, text: startTagWith(first, 'name', 'Kết quả') }]);
    expect(renamed).toContain(`<x:sheet name="Kết quả" sheetId="1" rel:id="rId1"/><x:sheet name="C"`);
    expect(renamed.startsWith(`\uFEFF<?xml version='1.0'`)).toBe(true);
    if (!sheets) throw new Error('shape');
    expect(applyEdits(xml, [appendInside(xml, sheets, '<x:sheet/>')])).toContain('</x:sheet><x:sheet/></x:sheets>');
  });

  it('resolves a prefix redeclared inside an element, as Excel writes extensions', () => {
    const doc = parseXml(`<a xmlns:p="urn:one"><b xmlns:p="urn:two"><p:c/></b><p:d/></a>`);
    const c = doc?.root.children[0]?.children[0];
    const d = doc?.root.children[1];
    expect([c?.uri, d?.uri]).toEqual(['urn:two', 'urn:one']);
  });

  it('says "cannot tell" for what is not well-formed XML', () => {
    for (const bad of ['', '<a><b></a>', '<a>&undefined;</a>', '<x:a/>', '<a/><b/>', 'text']) expect(parseXml(bad)).toBeUndefined();
  });

  it('never reads "no tabs" as an empty list', () => {
    expect(tabNamesOf(Buffer.from('not a zip'))).toBeUndefined();
  });
});
