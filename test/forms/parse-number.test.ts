import { describe, expect, it } from 'vitest';
import { decimalsOf, parseNumberText, readNumberCell, type NumberResult } from '../../shared/forms/parse-number.js';

const value = (r: NumberResult | { ok: true; value: undefined }): number | undefined => {
  if (!r.ok) throw new Error(`expected a number, got ${r.code}: ${r.message}`);
  return r.value;
};
const code = (r: NumberResult | { ok: true; value: undefined }): string => (r.ok ? 'ok' : r.code);

describe('parseNumberText: the table of product.md', () => {
  // Left column: Vietnamese writing.
  it.each([
    ['1.955', 1955, 0],
    ['12.345.678', 12345678, 0],
    ['1 955', 1955, 0],
    ['13,8', 13.8, 1],
    ['1.955,5', 1955.5, 1],
  ])('%s -> %d (Vietnamese writing)', (text, expected, decimals) => {
    const r = parseNumberText(text);
    expect(r).toEqual({ ok: true, value: expected, decimals });
  });

  it('26,61% -> 26.61 in a percent column', () => {
    expect(parseNumberText('26,61%', { percent: true })).toEqual({ ok: true, value: 26.61, decimals: 2 });
  });

  // Right column: international writing, only when valid only that way; errors.
  it.each([
    ['13.8', 13.8, 1],
    ['1,955.5', 1955.5, 1],
    ['1.95', 1.95, 2],
  ])('%s -> %d (international writing)', (text, expected, decimals) => {
    expect(parseNumberText(text)).toEqual({ ok: true, value: expected, decimals });
  });

  it('1,955 is ambiguous: an error with a hint, never a guess', () => {
    const r = parseNumberText('1,955');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('number_ambiguous');
    expect(r.message).toContain('1955');
    expect(r.message).toContain('1,955');
    expect(r.hint).toContain('1.955');
    expect(r.hint).toContain('1,9550');
  });

  it.each(['1.2.3', '12a'])('%s is invalid', (text) => {
    expect(code(parseNumberText(text))).toBe('number_invalid');
  });

  it.each(['#REF!', '#N/A', '#DIV/0!', '#VALUE!', '#NAME?', '#NUM!', '#NULL!', ' #ref! '])('%s is a formula error', (text) => {
    const r = parseNumberText(text);
    expect(code(r)).toBe('formula_error');
    if (!r.ok) expect(r.message).toContain(text.trim().toUpperCase());
  });
});

describe('parseNumberText: more shapes', () => {
  it('reads the ambiguity rule narrowly', () => {
    expect(code(parseNumberText('12,345'))).toBe('number_ambiguous');
    expect(code(parseNumberText('123,456'))).toBe('number_ambiguous');
    expect(code(parseNumberText('-1,955'))).toBe('number_ambiguous');
    // Leading group 0: never thousands, so a decimal.
    expect(value(parseNumberText('0,955'))).toBe(0.955);
    // Four leading digits cannot be a thousands group: Vietnamese decimal.
    expect(value(parseNumberText('1234,567'))).toBe(1234.567);
    // Two or four decimals: not three, so not ambiguous.
    expect(value(parseNumberText('1,95'))).toBe(1.95);
    expect(value(parseNumberText('1,9550'))).toBe(1.955);
    // Two commas can only be international thousands.
    expect(value(parseNumberText('1,955,000'))).toBe(1955000);
  });

  it('groups thousands with spaces, including non-breaking ones', () => {
    expect(value(parseNumberText('12 345 678'))).toBe(12345678);
    expect(value(parseNumberText('1\u00a0955'))).toBe(1955);
    expect(value(parseNumberText('1\u202f955,5'))).toBe(1955.5);
    expect(value(parseNumberText('  78 200  '))).toBe(78200);
    expect(code(parseNumberText('19 55'))).toBe('number_invalid');
  });

  it('rejects thousands groups that are not three digits', () => {
    expect(code(parseNumberText('1.95.5'))).toBe('number_invalid');
    expect(code(parseNumberText('12.34.567'))).toBe('number_invalid');
  });

  it('reads decimals below one', () => {
    expect(parseNumberText('0,5')).toEqual({ ok: true, value: 0.5, decimals: 1 });
    expect(parseNumberText('0.955')).toEqual({ ok: true, value: 0.955, decimals: 3 });
  });

  it('counts the decimals as written', () => {
    expect(parseNumberText('4,21')).toEqual({ ok: true, value: 4.21, decimals: 2 });
    expect(parseNumberText('23,20')).toEqual({ ok: true, value: 23.2, decimals: 2 });
    expect(parseNumberText('48')).toEqual({ ok: true, value: 48, decimals: 0 });
  });

  it('accepts a leading minus sign (Unicode minus too)', () => {
    expect(value(parseNumberText('-2,5'))).toBe(-2.5);
    expect(value(parseNumberText('\u22121.955'))).toBe(-1955);
    expect(value(parseNumberText('-0'))).toBe(0);
  });

  it('allows % only in percent columns', () => {
    expect(code(parseNumberText('26,61%'))).toBe('number_invalid');
    expect(value(parseNumberText('26,61 %', { percent: true }))).toBe(26.61);
    expect(value(parseNumberText('2.5%', { percent: true }))).toBe(2.5);
    expect(value(parseNumberText('100%', { percent: true }))).toBe(100);
    expect(code(parseNumberText('%', { percent: true }))).toBe('number_invalid');
    expect(code(parseNumberText('26%5', { percent: true }))).toBe('number_invalid');
  });

  it('rejects empty and non-numeric text', () => {
    expect(code(parseNumberText(''))).toBe('number_invalid');
    expect(code(parseNumberText('mười'))).toBe('number_invalid');
    expect(code(parseNumberText('1e5'))).toBe('number_invalid');
    expect(code(parseNumberText('-'))).toBe('number_invalid');
  });

  it('writes Vietnamese messages that quote the text', () => {
    const r = parseNumberText('12a');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toBe('"12a" không phải là một con số.');
    expect(r.hint).toContain('dấu phẩy (,)');
  });
});

describe('decimalsOf', () => {
  it('uses the shortest form of the number', () => {
    expect(decimalsOf(4.21)).toBe(2);
    expect(decimalsOf(1955)).toBe(0);
    expect(decimalsOf(26.61)).toBe(2);
    expect(decimalsOf(-0.5)).toBe(1);
    expect(decimalsOf(1e-7)).toBe(7);
    expect(decimalsOf(1.5e-7)).toBe(8);
    expect(decimalsOf(1e21)).toBe(0);
  });
});

describe('readNumberCell', () => {
  it('gives undefined for blank cells', () => {
    expect(readNumberCell(null, 'count')).toEqual({ ok: true, value: undefined, decimals: 0 });
    expect(readNumberCell('   ', 'decimal')).toEqual({ ok: true, value: undefined, decimals: 0 });
  });

  it('takes JS numbers as they are', () => {
    expect(readNumberCell(4.21, 'decimal')).toEqual({ ok: true, value: 4.21, decimals: 2 });
    expect(readNumberCell(1955, 'count')).toEqual({ ok: true, value: 1955, decimals: 0 });
    expect(readNumberCell(26.61, 'percent')).toEqual({ ok: true, value: 26.61, decimals: 2 });
  });

  it('reads text cells with the text rules', () => {
    expect(readNumberCell('1.955', 'count')).toEqual({ ok: true, value: 1955, decimals: 0 });
    expect(readNumberCell('26,61%', 'percent')).toEqual({ ok: true, value: 26.61, decimals: 2 });
    expect(code(readNumberCell('26,61%', 'decimal'))).toBe('number_invalid');
    expect(code(readNumberCell('1,955', 'count'))).toBe('number_ambiguous');
  });

  it('requires whole, non-negative counts', () => {
    expect(code(readNumberCell('13,8', 'count'))).toBe('number_not_whole');
    expect(code(readNumberCell(13.8, 'count'))).toBe('number_not_whole');
    expect(code(readNumberCell('-5', 'count'))).toBe('number_negative');
    expect(code(readNumberCell(-5, 'count'))).toBe('number_negative');
    expect(value(readNumberCell('13,8', 'decimal'))).toBe(13.8);
    expect(value(readNumberCell('-5', 'decimal'))).toBe(-5);
    expect(value(readNumberCell(0, 'count'))).toBe(0);
  });

  it('rejects dates, booleans and formula errors', () => {
    expect(code(readNumberCell(new Date(Date.UTC(2018, 0, 1)), 'count'))).toBe('number_invalid');
    expect(code(readNumberCell(true, 'count'))).toBe('number_invalid');
    expect(code(readNumberCell({ error: '#DIV/0!' }, 'percent'))).toBe('formula_error');
    expect(code(readNumberCell(Number.NaN, 'decimal'))).toBe('number_invalid');
  });
});
