/**
 * Google field masks (`nextPageToken,files(id,name)`, `sheets.properties(sheetId,title)`,
 * `note,userEnteredFormat.backgroundColor`), used both for partial responses (`fields=` on reads)
 * and for the `fields` of batchUpdate requests.
 */
export type MaskTree = Map<string, MaskTree | true>;

export class FieldMaskError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldMaskError';
  }
}

export function parseFieldMask(mask: string): MaskTree {
  let pos = 0;
  const src = mask.replace(/\s+/g, '');
  const parseList = (): MaskTree => {
    const tree: MaskTree = new Map();
    for (;;) {
      const start = pos;
      while (pos < src.length && /[A-Za-z0-9_*./]/.test(src.charAt(pos))) pos++;
      const path = src
        .slice(start, pos)
        .split(/[./]/)
        .filter((p) => p !== '');
      if (path.length === 0) throw new FieldMaskError(`Invalid field selection at ${start}: ${mask}`);
      let sub: MaskTree | true = true;
      if (src.charAt(pos) === '(') {
        pos++;
        sub = parseList();
        if (src.charAt(pos) !== ')') throw new FieldMaskError(`Unclosed ( in field mask: ${mask}`);
        pos++;
      }
      insert(tree, path, sub);
      if (src.charAt(pos) === ',') {
        pos++;
        continue;
      }
      return tree;
    }
  };
  const tree = parseList();
  if (pos !== src.length) throw new FieldMaskError(`Invalid field mask: ${mask}`);
  return tree;
}

function insert(tree: MaskTree, path: string[], sub: MaskTree | true): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    const prev = tree.get(head);
    if (prev === true || sub === true) tree.set(head, true);
    else if (prev) for (const [k, v] of sub) insert(prev, [k], v);
    else tree.set(head, sub);
    return;
  }
  let child = tree.get(head);
  if (child === true) return;
  if (!child) tree.set(head, (child = new Map()));
  insert(child, rest, sub);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The parts of `value` the mask selects (arrays are filtered element by element). */
export function applyFieldMask(value: unknown, tree: MaskTree): unknown {
  if (tree.has('*')) return structuredClone(value);
  if (Array.isArray(value)) return value.map((v) => applyFieldMask(v, tree));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of tree) {
    if (!(key in value) || value[key] === undefined) continue;
    out[key] = sub === true ? structuredClone(value[key]) : applyFieldMask(value[key], sub);
  }
  return out;
}

/** Leaf paths of a mask (`note`, `userEnteredFormat.backgroundColor`); `*` stays `*`. */
export function maskPaths(tree: MaskTree, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [key, sub] of tree) {
    if (sub === true) out.push([...prefix, key]);
    else out.push(...maskPaths(sub, [...prefix, key]));
  }
  return out;
}

export function getPath(obj: unknown, path: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const k of path) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

export function setPath(obj: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let cur: Record<string, unknown> = obj;
  path.forEach((k, i) => {
    if (i === path.length - 1) {
      cur[k] = value;
      return;
    }
    const next = cur[k];
    if (isPlainObject(next)) cur = next;
    else {
      const created: Record<string, unknown> = {};
      cur[k] = created;
      cur = created;
    }
  });
}

export function deletePath(obj: Record<string, unknown>, path: readonly string[]): void {
  const parents: Record<string, unknown>[] = [];
  let cur: Record<string, unknown> = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const next = cur[path[i] ?? ''];
    if (!isPlainObject(next)) return;
    parents.push(cur);
    cur = next;
  }
  delete cur[path[path.length - 1] ?? ''];
  // Drop objects left empty, so a cleared format does not linger as `{}`.
  for (let i = path.length - 2; i >= 0; i--) {
    const parent = parents[i];
    const key = path[i] ?? '';
    const child = parent?.[key];
    if (parent && isPlainObject(child) && Object.keys(child).length === 0) delete parent[key];
  }
}
