import { columnLetters } from '../../domain/ids.js';
import type { TabWrite } from '../../ports/workbook-gateway.js';
import { MAIN_NS, REL_NS } from './xlsx-sheet-xml.js';
import { escapeXmlAttr, escapeXmlText, stripIllegalXml } from './xml-text.js';

export const COMMENTS_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml';
export const VML_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.vmlDrawing';
export const COMMENTS_REL_TYPE = `${REL_NS}/comments`;
export const VML_REL_TYPE = `${REL_NS}/vmlDrawing`;

const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** A note on one cell (0-based row and column). */
export interface CellNote {
  row: number;
  column: number;
  text: string;
}

/** Every note of a tab, in row then column order. */
export function notesOf(tab: TabWrite): CellNote[] {
  const out: CellNote[] = [];
  tab.rows.forEach((cells, row) =>
    cells.forEach((cell, column) => {
      if (cell !== null && typeof cell === 'object' && cell.note !== undefined && cell.note !== '') out.push({ row, column, text: cell.note });
    }),
  );
  return out;
}

/** xl/commentsN.xml: the notes' text, one author (the pipeline). */
export function renderCommentsXml(notes: readonly CellNote[]): string {
  const list = notes
    .map(
      (n) =>
        `<comment ref="${columnLetters(n.column + 1)}${n.row + 1}" authorId="0"><text><t xml:space="preserve">${escapeXmlText(stripIllegalXml(n.text))}</t></text></comment>`,
    )
    .join('');
  return `${XML_DECL}<comments xmlns="${MAIN_NS}"><authors><author>ntp-monitor</author></authors><commentList>${list}</commentList></comments>`;
}

/**
 * xl/drawings/vmlDrawingN.vml: the hidden shapes Excel shows a note in when the mouse is over its
 * cell (Excel needs them to display notes; LibreOffice reads the comments part). `sheetNo` keeps
 * shape ids apart between sheets.
 */
export function renderNotesVml(notes: readonly CellNote[], sheetNo: number): string {
  const shapes = notes
    .map((n, i) => {
      const anchor = `${n.column + 1}, 15, ${Math.max(0, n.row - 1)}, 10, ${n.column + 4}, 15, ${n.row + 4}, 4`;
      return (
        `<v:shape id="_x0000_s${sheetNo * 1024 + i + 1}" type="#_x0000_t202" style="position:absolute;margin-left:80pt;margin-top:2pt;width:220pt;height:80pt;z-index:${i + 1};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
        '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>' +
        '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>' +
        `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${escapeXmlText(anchor)}</x:Anchor><x:AutoFill>False</x:AutoFill>` +
        `<x:Row>${n.row}</x:Row><x:Column>${n.column}</x:Column></x:ClientData></v:shape>`
      );
    })
    .join('');
  return (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
    `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${escapeXmlAttr(String(sheetNo))}"/></o:shapelayout>` +
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' +
    `${shapes}</xml>`
  );
}
