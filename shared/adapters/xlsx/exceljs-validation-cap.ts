import { createRequire } from 'node:module';
import { columnLetters } from '../../domain/ids.js';

/**
 * exceljs expands every data-validation range into one entry per cell when it loads a file. A
 * dropdown that staff copied down a whole column (`C1:C1048576`, or `C:C`) becomes a million
 * entries: seconds and hundreds of MB per column, enough to stop a run over hundreds of workbooks.
 * Ranges are therefore capped when read. A workbook written back keeps its validations on the
 * first VALIDATION_ROW_CAP rows and VALIDATION_COLUMN_CAP columns of each range, far beyond any
 * unit's data.
 */
export const VALIDATION_ROW_CAP = 10_000;
export const VALIDATION_COLUMN_CAP = 256;

const EXCEL_MAX_ROW = 1_048_576;
const EXCEL_MAX_COLUMN = 16_384;

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

const RANGE = /^([A-Z]{0,3})(\d*):([A-Z]{0,3})(\d*)$/;

/** Caps each range of an `sqref` list (`C3:C1048576 E:E A1`); single cells and small ranges pass unchanged. */
export function capSqref(sqref: string, rowCap = VALIDATION_ROW_CAP, columnCap = VALIDATION_COLUMN_CAP): string {
  return sqref
    .trim()
    .split(/\s+/)
    .map((part) => {
      const m = RANGE.exec(part.replace(/\$/g, '').toUpperCase());
      if (!m) return part;
      const [, c1 = '', r1 = '', c2 = '', r2 = ''] = m;
      const left = c1 === '' ? 1 : columnNumber(c1);
      const right = c2 === '' ? EXCEL_MAX_COLUMN : columnNumber(c2);
      const top = r1 === '' ? 1 : Number(r1);
      const bottom = r2 === '' ? EXCEL_MAX_ROW : Number(r2);
      const capped = {
        left: Math.min(left, right),
        right: Math.min(Math.max(left, right), Math.min(left, right) + columnCap - 1),
        top: Math.min(top, bottom),
        bottom: Math.min(Math.max(top, bottom), Math.min(top, bottom) + rowCap - 1),
      };
      if (r1 !== '' && r2 !== '' && c1 !== '' && c2 !== '' && capped.right === Math.max(left, right) && capped.bottom === Math.max(top, bottom)) {
        return part;
      }
      return `${columnLetters(capped.left)}${capped.top}:${columnLetters(capped.right)}${capped.bottom}`;
    })
    .join(' ');
}

interface XformPrototype {
  // A function-valued property, not a method: it is read off the prototype and called with `.call(this)`.
  parseOpen: (this: unknown, node: { name: string; attributes?: Record<string, string> }) => boolean;
  __validationCapInstalled?: boolean;
}

/**
 * Installs the cap into exceljs' data-validation reader (once per process). exceljs is pinned
 * (4.4.0); if its internals move, loading goes on uncapped rather than failing.
 */
export function installValidationCap(): void {
  let proto: XformPrototype;
  try {
    const require = createRequire(import.meta.url);
    const Xform = require('exceljs/lib/xlsx/xform/sheet/data-validations-xform.js') as { prototype: XformPrototype };
    proto = Xform.prototype;
  } catch {
    return;
  }
  if (proto.__validationCapInstalled || typeof proto.parseOpen !== 'function') return;
  const original = proto.parseOpen;
  proto.parseOpen = function parseOpenCapped(node) {
    const sqref = node.attributes?.sqref;
    if (node.name === 'dataValidation' && node.attributes && typeof sqref === 'string') {
      node.attributes.sqref = capSqref(sqref);
    }
    return original.call(this, node);
  };
  proto.__validationCapInstalled = true;
}
