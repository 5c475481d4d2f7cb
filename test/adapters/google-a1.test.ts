import { describe, expect, it } from 'vitest';
import { columnLetters, parseA1Cell, quoteTabName, READ_COLUMN_COUNT } from '../../shared/adapters/google/a1.js';
import { FIXED_SHEET_IDS, freeSheetId, preferredSheetId, tabKey } from '../../shared/adapters/google/sheet-ids.js';

describe('A1 notation for the Sheets API', () => {
  it('always quotes tab names and doubles embedded quotes', () => {
    expect(quoteTabName('Giảm nghèo')).toBe("'Giảm nghèo'");
    expect(quoteTabName("Xã 'Tân' Phú")).toBe("'Xã ''Tân'' Phú'");
    expect(columnLetters(READ_COLUMN_COUNT)).toBe('AZ');
  });

  it('parses cells to zero-based coordinates', () => {
    expect(parseA1Cell('A1')).toEqual({ rowIndex: 0, columnIndex: 0 });
    expect(parseA1Cell('$AB$12')).toEqual({ rowIndex: 11, columnIndex: 27 });
    expect(parseA1Cell('c7')).toEqual({ rowIndex: 6, columnIndex: 2 });
    expect(parseA1Cell('A0')).toBeUndefined();
    expect(parseA1Cell('NTM!A1')).toBeUndefined();
    expect(columnLetters(52)).toBe('AZ');
  });
});

describe('sheet ids', () => {
  it('gives template tabs their fixed ids and other tabs a stable hashed id above them', () => {
    expect(preferredSheetId('NTM')).toBe(1001);
    expect(preferredSheetId('Giảm nghèo')).toBe(1002);
    expect(preferredSheetId('Kết quả kiểm tra')).toBe(1900);
    expect(preferredSheetId('Giảm nghèo'.normalize('NFD'))).toBe(1002);
    const summary = preferredSheetId('Tổng hợp NTM');
    expect(summary).toBe(preferredSheetId('Tổng hợp NTM'));
    expect(summary).toBeGreaterThanOrEqual(10_000);
    expect(new Set(FIXED_SHEET_IDS.values()).size).toBe(FIXED_SHEET_IDS.size);
    expect(freeSheetId('NTM', new Set([1001, 1002]))).toBe(1003);
    expect(tabKey('  giảm   NGHÈO ')).toBe(tabKey('Giảm nghèo'));
  });
});
