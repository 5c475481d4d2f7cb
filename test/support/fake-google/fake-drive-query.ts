import type { FakeFile } from './fake-model.js';
import { driveError } from './fake-errors.js';

/**
 * The part of Drive's `q` language the product uses: terms joined by `and` among
 * `'<id>' in parents`, `trashed = true|false`, `name = '...'`, `name contains '...'`,
 * `mimeType = '...'`, `mimeType != '...'`. Strings are single-quoted with `\'` and `\\` escapes.
 */
export type FilePredicate = (f: FakeFile) => boolean;

function splitAnd(q: string): string[] {
  const terms: string[] = [];
  let cur = '';
  let inString = false;
  for (let i = 0; i < q.length; i++) {
    const ch = q.charAt(i);
    if (inString) {
      cur += ch;
      if (ch === '\\') {
        cur += q.charAt(i + 1);
        i++;
      } else if (ch === "'") inString = false;
      continue;
    }
    if (ch === "'") {
      inString = true;
      cur += ch;
      continue;
    }
    if (/^\s+and\s+/i.test(q.slice(i)) && /\s/.test(ch)) {
      const m = /^\s+and\s+/i.exec(q.slice(i));
      terms.push(cur);
      cur = '';
      i += (m?.[0].length ?? 1) - 1;
      continue;
    }
    cur += ch;
  }
  terms.push(cur);
  return terms.map((t) => t.trim()).filter((t) => t !== '');
}

const STRING = "'((?:[^'\\\\]|\\\\.)*)'";
const unescape = (s: string): string => s.replace(/\\(.)/g, '$1');

function invalid(q: string): Error {
  return driveError(400, 'Invalid Value', 'invalid', { location: 'q', locationType: 'parameter', message: `Invalid query: ${q}` });
}

export function parseDriveQuery(q: string): FilePredicate {
  const preds: FilePredicate[] = [];
  for (const term of splitAnd(q)) {
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^${STRING}\\s+in\\s+parents$`, 'i').exec(term))) {
      const id = unescape(m[1] ?? '');
      preds.push((f) => f.parents.includes(id));
    } else if ((m = /^trashed\s*=\s*(true|false)$/i.exec(term))) {
      const want = (m[1] ?? '').toLowerCase() === 'true';
      preds.push((f) => f.trashed === want);
    } else if ((m = new RegExp(`^name\\s*(=|!=|contains)\\s*${STRING}$`, 'i').exec(term))) {
      const op = (m[1] ?? '').toLowerCase();
      const v = unescape(m[2] ?? '');
      preds.push(op === '=' ? (f) => f.name === v : op === '!=' ? (f) => f.name !== v : (f) => f.name.toLowerCase().includes(v.toLowerCase()));
    } else if ((m = new RegExp(`^mimeType\\s*(=|!=)\\s*${STRING}$`, 'i').exec(term))) {
      const v = unescape(m[2] ?? '');
      preds.push(m[1] === '=' ? (f) => f.mimeType === v : (f) => f.mimeType !== v);
    } else {
      throw invalid(q);
    }
  }
  return (f) => preds.every((p) => p(f));
}
