import type { Programme } from '../domain/programme.js';
import { giamNgheoModule } from './giam_ngheo/giam-ngheo-module.js';
import { ntmModule } from './ntm/ntm-module.js';
import type { AnyProgrammeModule, RowsOf } from './programme-module.js';

/**
 * Every programme with a module, in the order the summary, the feedback and the templates show
 * them. Adding a programme is a folder and a line here. A programme of the contract without a
 * module (dtts for now) is accepted by the control workbook and skipped by the pipeline.
 */
export const PROGRAMME_MODULES = [ntmModule, giamNgheoModule] as const;

/** The registry generic code iterates; tests pass another one (a fake programme) where a function takes `modules`. */
export type ProgrammeModules = readonly AnyProgrammeModule[];

type RegisteredModule = (typeof PROGRAMME_MODULES)[number];

/** Programmes that have a module. */
export type ModuleProgramme = RegisteredModule['id'];

/**
 * A unit's accepted rows, keyed by programme id, each typed by its module: a programme added to
 * the registry is a key here, so code that builds one per programme cannot forget it.
 */
export type UnitSubmission = { [M in RegisteredModule as M['id']]?: RowsOf<M>[] };

/** The module of a programme, or undefined for a programme without one (dtts). */
export function moduleOf(programme: Programme, modules: ProgrammeModules = PROGRAMME_MODULES): AnyProgrammeModule | undefined {
  return modules.find((m) => m.id === programme);
}

/** The modules of the given programmes, in their order, once each; programmes without one are skipped. */
export function modulesFor(programmes: readonly Programme[], modules: ProgrammeModules = PROGRAMME_MODULES): AnyProgrammeModule[] {
  return [...new Set(programmes)].flatMap((p) => {
    const m = moduleOf(p, modules);
    return m === undefined ? [] : [m];
  });
}
