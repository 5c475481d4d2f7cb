import type { Hierarchy } from '../domain/hierarchy.js';
import type { UnitCode } from '../domain/ids.js';
import { GROUP_PREFIX, isGroupScope, type Scope } from '../domain/unit.js';

/** How a unit or group is named in messages: `Huyện Pác Nặm`, `Nhóm xã biên giới`, else the code. */
export function scopeName(h: Hierarchy, scope: Scope): string {
  if (isGroupScope(scope)) return `Nhóm ${scope.slice(GROUP_PREFIX.length)}`;
  return h.get(scope as UnitCode)?.name ?? scope;
}
