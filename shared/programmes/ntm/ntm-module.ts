import { PROGRAMME_LABEL } from '../../domain/programme.js';
import type { NtmRow } from '../../domain/rows.js';
import { mergeCommuneRows } from '../commune-merge.js';
import type { ProgrammeModule } from '../programme-module.js';
import { ntmCatalogue, ntmQuantityOf } from './ntm-catalogue.js';
import { encodeNtmRows, storedNtmRows } from './ntm-codec.js';
import { foldNtmPredecessors } from './ntm-fold-predecessors.js';
import { computeNtmIndicators } from './ntm-indicators.js';
import { offersProgressIndicators } from './ntm-level-catalogue.js';
import { atLeastNamed, computeNtmLevelIndicators } from './ntm-level-indicators.js';
import { criteriaRegressions } from './ntm-regressions.js';
import { ntmOverviewSection } from './overview-ntm.js';
import { NTM_SUMMARY_TAB, renderNtmTab } from './summary-ntm-tab.js';
import { NTM_TAB_NAME } from './ntm-tab-spec.js';
import { parseNtmTab } from './ntm-tab.js';
import { ntmTemplateTab } from './ntm-template.js';

/** New rural development (NTM): communes scored against the period's criteria set. */
export const ntmModule: ProgrammeModule<'ntm', NtmRow> = {
  id: 'ntm',
  label: PROGRAMME_LABEL.ntm,
  tab: NTM_TAB_NAME,
  indicatorPrefix: 'ntm.',
  needsCriteriaSet: true,
  summaryTabName: NTM_SUMMARY_TAB,
  rowUnit: (row) => row.commune,
  parseTab: parseNtmTab,
  mergeRows: mergeCommuneRows,
  catalogue: ntmCatalogue,
  quantityOf: ntmQuantityOf,
  computeIndicators: ({ hierarchy, rows, set, targets, previousPeriod }) => [
    ...computeNtmIndicators(hierarchy, rows, set),
    ...computeNtmLevelIndicators(hierarchy, rows, set, {
      atLeast: atLeastNamed(targets.map((t) => t.indicator)),
      ...(previousPeriod === undefined ? {} : { previous: previousPeriod }),
    }),
  ],
  // ntm.avg_gain compares with the same communes at the end of the previous period.
  usesPreviousPeriod: offersProgressIndicators,
  foldPredecessors: foldNtmPredecessors,
  regressions: ({ previous, current, set, nameOf }) => criteriaRegressions(previous, current, set, nameOf),
  summaryTab: renderNtmTab,
  overviewSection: ntmOverviewSection,
  templateTab: ntmTemplateTab,
  encodeRows: encodeNtmRows,
  storedRows: storedNtmRows,
};
