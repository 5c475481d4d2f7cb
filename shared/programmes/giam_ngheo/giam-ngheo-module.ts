import { PROGRAMME_LABEL } from '../../domain/programme.js';
import type { PovertyRow } from '../../domain/rows.js';
import { mergeCommuneRows } from '../commune-merge.js';
import type { ProgrammeModule } from '../programme-module.js';
import { povertyOverviewSection } from './overview-poverty.js';
import { povertyCatalogue } from './poverty-catalogue.js';
import { encodePovertyRows, storedPovertyRows } from './poverty-codec.js';
import { computePovertyIndicators } from './poverty-indicators.js';
import { povertyRegressions } from './poverty-regressions.js';
import { POVERTY_TAB } from './poverty-tab-spec.js';
import { parsePovertyTab } from './poverty-tab.js';
import { povertyTemplateTab } from './poverty-template.js';
import { POVERTY_SUMMARY_TAB, renderPovertyTab } from './summary-poverty-tab.js';

/** Sustainable poverty reduction: households, poor and near-poor households per commune. */
export const giamNgheoModule: ProgrammeModule<'giam_ngheo', PovertyRow> = {
  id: 'giam_ngheo',
  label: PROGRAMME_LABEL.giam_ngheo,
  tab: POVERTY_TAB.name,
  // The ids were named before the programme id was settled; they are a contract and stay.
  indicatorPrefix: 'poverty.',
  needsCriteriaSet: false,
  summaryTabName: POVERTY_SUMMARY_TAB,
  parseTab: parsePovertyTab,
  mergeRows: mergeCommuneRows,
  catalogue: povertyCatalogue,
  computeIndicators: ({ hierarchy, rows, baselines }) => computePovertyIndicators(hierarchy, rows, baselines),
  regressions: povertyRegressions,
  summaryTab: renderPovertyTab,
  overviewSection: povertyOverviewSection,
  templateTab: povertyTemplateTab,
  encodeRows: encodePovertyRows,
  storedRows: storedPovertyRows,
};
