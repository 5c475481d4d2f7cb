/**
 * Comparison key for texts people type into sheets: header cells, tab names, commune names,
 * dropdown values. Two texts that a person would call "the same" get the same key:
 * - Unicode NFC (a file may carry decomposed letters from another keyboard or OS),
 * - Vietnamese case folding,
 * - trimmed, every run of whitespace (also non-breaking and other Unicode spaces) as one space,
 * - zero-width characters removed (they ride along when text is copied from web pages),
 * - old and new tone-mark placement unified (`hoá`/`hóa`, `thuỷ`/`thủy`, `khoẻ`/`khỏe`).
 *
 * Tone placement is unified by taking the tone mark off the vowel and appending it to the word as
 * a digit: the word keeps its tone (`ma` and `mã` differ) but not where the mark sat.
 */

/** The five Vietnamese tone marks as combining characters, mapped to the digit appended. */
const TONE_DIGIT: ReadonlyMap<string, string> = new Map([
  ['\u0301', '1'], // sắc (acute)
  ['\u0300', '2'], // huyền (grave)
  ['\u0309', '3'], // hỏi (hook above)
  ['\u0303', '4'], // ngã (tilde)
  ['\u0323', '5'], // nặng (dot below)
]);

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
const ZERO_WIDTH = /[\u200b-\u200d\u2060]/g;
// `\s` in JS covers NBSP (U+00A0), U+202F, U+2000-U+200A, U+3000 and the BOM.
const WHITESPACE_RUN = /\s+/g;

function wordKey(word: string): string {
  const decomposed = word.normalize('NFD');
  let tones = '';
  for (const ch of decomposed) {
    const digit = TONE_DIGIT.get(ch);
    if (digit !== undefined) tones += digit;
  }
  if (tones === '') return word;
  return decomposed.replace(TONE_MARKS, '').normalize('NFC') + tones;
}

// Sheets repeat the same few texts (`Đạt`, `Chưa đạt`, headers) hundreds of thousands of times at
// national scale; a bounded memo turns each repeat into one Map lookup.
const MEMO_LIMIT = 50_000;
const memo = new Map<string, string>();

export function headerKey(text: string): string {
  const hit = memo.get(text);
  if (hit !== undefined) return hit;
  const key = computeHeaderKey(text);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(text, key);
  return key;
}

function computeHeaderKey(text: string): string {
  const folded = text.normalize('NFC').replace(ZERO_WIDTH, '').toLocaleLowerCase('vi').normalize('NFC');
  const collapsed = folded.replace(WHITESPACE_RUN, ' ').trim();
  if (collapsed === '') return '';
  return collapsed.split(' ').map(wordKey).join(' ');
}

/**
 * Letters without any diacritics (`Huyện` -> `huyen`, `Đạt` -> `dat`), for the few places where
 * unaccented typing is accepted on purpose (level names, the `nhom:` prefix). Not a general key:
 * it merges words that differ only by tone.
 */
export function plainKey(text: string): string {
  return text
    .normalize('NFC')
    .replace(ZERO_WIDTH, '')
    .toLocaleLowerCase('vi')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(WHITESPACE_RUN, ' ')
    .trim();
}
