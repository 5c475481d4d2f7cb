import { columnLetters } from '../../domain/ids.js';
import type { TabCell, TabChart, TabWrite } from '../../ports/workbook-gateway.js';
import { escapeXmlAttr, escapeXmlText, stripIllegalXml } from './xml-text.js';

const C_NS = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const A_NS = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XDR_NS = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export const CHART_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
export const DRAWING_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.drawing+xml';
export const CHART_REL_TYPE = `${R_NS}/chart`;
export const DRAWING_REL_TYPE = `${R_NS}/drawing`;

/** Series colours: the office palette's blue, orange, grey, gold, so printed in grey they still differ. */
const COLOURS = ['4472C4', 'ED7D31', 'A5A5A5', 'FFC000', '5B9BD5', '70AD47'];

/** `'Tổng quan'` as a formula names a sheet (quotes doubled inside). */
export const sheetRef = (name: string): string => `'${name.replace(/'/g, "''")}'`;

/** An absolute reference to rows from..to of one column: `'Tổng quan'!$C$7:$C$17`. */
export function columnRangeRef(sheet: string, column: number, fromRow: number, toRow: number): string {
  const col = columnLetters(column);
  return `${sheetRef(sheet)}!$${col}$${fromRow}:$${col}$${toRow}`;
}

const cellRef = (sheet: string, column: number, row: number): string => `${sheetRef(sheet)}!$${columnLetters(column)}$${row}`;

function cellAt(tab: TabWrite, row: number, column: number): TabCell | undefined {
  return tab.rows[row - 1]?.[column - 1];
}

function textOf(cell: TabCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return String(cell);
  return typeof cell.value === 'string' ? cell.value : String(cell.value);
}

function numberOf(cell: TabCell | undefined): number | undefined {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : undefined;
  if (cell !== null && typeof cell === 'object' && 'format' in cell) return Number.isFinite(cell.value) ? cell.value : undefined;
  return undefined;
}

/** The cached copy of a range Excel shows until it recalculates (LibreOffice reads the sheet). */
function strCache(values: readonly string[]): string {
  const pts = values.map((v, i) => `<c:pt idx="${i}"><c:v>${escapeXmlText(stripIllegalXml(v))}</c:v></c:pt>`).join('');
  return `<c:strCache><c:ptCount val="${values.length}"/>${pts}</c:strCache>`;
}

function numCache(values: readonly (number | undefined)[]): string {
  const pts = values.map((v, i) => (v === undefined ? '' : `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`)).join('');
  return `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>${pts}</c:numCache>`;
}

const richText = (text: string, size: number, bold: boolean): string =>
  `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}"/></a:pPr>` +
  `<a:r><a:rPr lang="vi-VN" sz="${size}" b="${bold ? 1 : 0}"/><a:t>${escapeXmlText(stripIllegalXml(text))}</a:t></a:r></a:p></c:rich></c:tx>`;

/**
 * One chart part (xl/charts/chartN.xml): a clustered bar or column chart, with line series drawn
 * over the same axes (a target against the value, say). Every series refers to its column of the
 * data block on the tab (`c:numRef`, categories `c:strRef`, name `c:strRef` to the header cell)
 * and carries a cache of the values written, so the chart shows before any recalculation.
 */
export function renderChartXml(tab: TabWrite, chart: TabChart): string {
  const first = chart.headerRow + 1;
  const last = Math.max(first, chart.lastRow);
  const rows = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const categories = rows.map((r) => textOf(cellAt(tab, r, chart.categoryColumn)));
  const catXml = `<c:cat><c:strRef><c:f>${columnRangeRef(tab.name, chart.categoryColumn, first, last)}</c:f>${strCache(categories)}</c:strRef></c:cat>`;

  const serXml = (column: number, index: number, line: boolean): string => {
    const name = textOf(cellAt(tab, chart.headerRow, column));
    const colour = COLOURS[index % COLOURS.length] ?? '4472C4';
    const values = rows.map((r) => numberOf(cellAt(tab, r, column)));
    const look = line
      ? `<c:spPr><a:ln w="28575"><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></a:ln></c:spPr>` +
        `<c:marker><c:symbol val="circle"/><c:size val="6"/><c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></c:spPr></c:marker>`
      : `<c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>`;
    return (
      `<c:ser><c:idx val="${index}"/><c:order val="${index}"/>` +
      `<c:tx><c:strRef><c:f>${cellRef(tab.name, column, chart.headerRow)}</c:f>${strCache([name])}</c:strRef></c:tx>` +
      look +
      catXml +
      `<c:val><c:numRef><c:f>${columnRangeRef(tab.name, column, first, last)}</c:f>${numCache(values)}</c:numRef></c:val>` +
      (line ? '<c:smooth val="0"/>' : '') +
      '</c:ser>'
    );
  };
  const indexed = chart.series.map((s, i) => ({ ...s, index: i }));
  const bars = indexed.filter((s) => s.type === 'column');
  const lines = indexed.filter((s) => s.type === 'line');
  const horizontal = chart.orientation === 'bar';
  const axes = '<c:axId val="500001"/><c:axId val="500002"/>';
  const barXml =
    bars.length === 0
      ? ''
      : `<c:barChart><c:barDir val="${horizontal ? 'bar' : 'col'}"/><c:grouping val="clustered"/><c:varyColors val="0"/>` +
        bars.map((s) => serXml(s.column, s.index, false)).join('') +
        `<c:dLbls><c:showLegendKey val="0"/><c:showVal val="${bars.length === 1 && rows.length <= 20 ? 1 : 0}"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>` +
        `<c:gapWidth val="60"/>${axes}</c:barChart>`;
  const lineXml =
    lines.length === 0
      ? ''
      : '<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>' +
        lines.map((s) => serXml(s.column, s.index, true)).join('') +
        `<c:marker val="1"/>${axes}</c:lineChart>`;
  // Horizontal bars list the first category at the bottom unless the axis runs max to min.
  const catAx =
    `<c:catAx><c:axId val="500001"/><c:scaling><c:orientation val="${horizontal ? 'maxMin' : 'minMax'}"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="${horizontal ? 'l' : 'b'}"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>` +
    '<c:tickLblPos val="nextTo"/><c:crossAx val="500002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>';
  const valTitle = chart.valueAxisTitle === undefined ? '' : `<c:title>${richText(chart.valueAxisTitle, 900, false)}<c:overlay val="0"/></c:title>`;
  const valAx =
    `<c:valAx><c:axId val="500002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${horizontal ? 't' : 'l'}"/>` +
    `<c:majorGridlines/>${valTitle}<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>` +
    '<c:tickLblPos val="nextTo"/><c:crossAx val="500001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>';
  return (
    `${XML_DECL}<c:chartSpace xmlns:c="${C_NS}" xmlns:a="${A_NS}" xmlns:r="${R_NS}">` +
    '<c:lang val="vi-VN"/><c:roundedCorners val="0"/><c:chart>' +
    `<c:title>${richText(chart.title, 1200, true)}<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>` +
    `<c:plotArea><c:layout/>${barXml}${lineXml}${catAx}${valAx}</c:plotArea>` +
    '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>' +
    '</c:chart></c:chartSpace>'
  );
}

/**
 * A sheet's drawing part (xl/drawings/drawingN.xml): one two-cell anchor per chart, from its
 * anchor cell over its size in cells, each a graphic frame naming the chart by relationship id.
 */
export function renderDrawingXml(charts: readonly TabChart[], relIds: readonly string[]): string {
  const anchors = charts
    .map((chart, i) => {
      const a = chart.anchor;
      const at = (col: number, row: number): string => `<xdr:col>${col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff>`;
      return (
        '<xdr:twoCellAnchor editAs="oneCell">' +
        `<xdr:from>${at(a.column - 1, a.row - 1)}</xdr:from><xdr:to>${at(a.column - 1 + a.columns, a.row - 1 + a.rows)}</xdr:to>` +
        `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="${escapeXmlAttr(`Biểu đồ ${i + 1}`)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
        '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
        `<a:graphic><a:graphicData uri="${C_NS}"><c:chart xmlns:c="${C_NS}" r:id="${relIds[i] ?? ''}"/></a:graphicData></a:graphic>` +
        '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>'
      );
    })
    .join('');
  return `${XML_DECL}<xdr:wsDr xmlns:xdr="${XDR_NS}" xmlns:a="${A_NS}" xmlns:r="${R_NS}">${anchors}</xdr:wsDr>`;
}
