import type { UnitCode } from './ids.js';
import type { Unit } from './unit.js';

/** The unit tree, indexed once so every lookup below is O(1) or O(subtree). */
export class Hierarchy {
  readonly byCode: ReadonlyMap<UnitCode, Unit>;
  readonly roots: readonly Unit[];
  private readonly childrenOf: ReadonlyMap<UnitCode, readonly Unit[]>;

  constructor(units: readonly Unit[]) {
    const byCode = new Map<UnitCode, Unit>();
    for (const u of units) byCode.set(u.code, u);
    const children = new Map<UnitCode, Unit[]>();
    const roots: Unit[] = [];
    for (const u of units) {
      if (u.parent === undefined || !byCode.has(u.parent)) {
        roots.push(u);
        continue;
      }
      const list = children.get(u.parent) ?? [];
      list.push(u);
      children.set(u.parent, list);
    }
    this.byCode = byCode;
    this.roots = roots;
    this.childrenOf = children;
  }

  get(code: UnitCode): Unit | undefined {
    return this.byCode.get(code);
  }

  children(code: UnitCode): readonly Unit[] {
    return this.childrenOf.get(code) ?? [];
  }

  /** Ancestors from the parent up to the root (cycles are cut). */
  ancestors(code: UnitCode): Unit[] {
    const out: Unit[] = [];
    const seen = new Set<UnitCode>([code]);
    let cur = this.byCode.get(code)?.parent;
    while (cur !== undefined && !seen.has(cur)) {
      const u = this.byCode.get(cur);
      if (!u) break;
      out.push(u);
      seen.add(cur);
      cur = u.parent;
    }
    return out;
  }

  /** True when `code` is `ancestor` itself or lies below it. */
  isWithin(code: UnitCode, ancestor: UnitCode): boolean {
    return code === ancestor || this.ancestors(code).some((a) => a.code === ancestor);
  }

  /** Every commune (level `xa`) in the subtree of `code`, itself included when it is a commune. */
  communesUnder(code: UnitCode): Unit[] {
    const out: Unit[] = [];
    const stack: UnitCode[] = [code];
    const seen = new Set<UnitCode>();
    while (stack.length > 0) {
      const c = stack.pop() as UnitCode; // length checked above
      if (seen.has(c)) continue;
      seen.add(c);
      const u = this.byCode.get(c);
      if (!u) continue;
      if (u.level === 'xa') out.push(u);
      for (const ch of this.children(c)) stack.push(ch.code);
    }
    return out;
  }

  /** Every unit carrying the group tag. */
  inGroup(tag: string): Unit[] {
    return [...this.byCode.values()].filter((u) => u.groups.includes(tag));
  }

  /** All distinct group tags, in first-seen order. */
  groupTags(): string[] {
    const tags = new Set<string>();
    for (const u of this.byCode.values()) for (const t of u.groups) tags.add(t);
    return [...tags];
  }

  /** Units that submit a workbook (a `Bảng tính` is set). */
  reportingUnits(): Unit[] {
    return [...this.byCode.values()].filter((u) => u.workbook !== undefined && u.workbook !== '');
  }
}
