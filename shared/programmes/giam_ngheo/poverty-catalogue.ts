import { indicatorEntry as info, type IndicatorInfo } from '../../indicators/catalogue.js';

/** The poverty indicator ids of the contract (`poverty.*`, kept from the first release). */
export function povertyCatalogue(): IndicatorInfo[] {
  return [
    info('poverty.households', 'giam_ngheo', 'count', 'Tổng số hộ'),
    info('poverty.poor', 'giam_ngheo', 'count', 'Số hộ nghèo', { higherIsBetter: false }),
    info('poverty.near_poor', 'giam_ngheo', 'count', 'Số hộ cận nghèo', { higherIsBetter: false }),
    info('poverty.rate', 'giam_ngheo', 'percent', 'Tỷ lệ hộ nghèo', { higherIsBetter: false }),
    info('poverty.near_poor_rate', 'giam_ngheo', 'percent', 'Tỷ lệ hộ cận nghèo', { higherIsBetter: false }),
    info('poverty.multidim_rate', 'giam_ngheo', 'percent', 'Tỷ lệ hộ nghèo đa chiều (nghèo + cận nghèo)', {
      higherIsBetter: false,
    }),
    info('poverty.poor_reduction', 'giam_ngheo', 'count', 'Số hộ nghèo giảm so với đầu kỳ'),
    info('poverty.rate_reduction_pp', 'giam_ngheo', 'pp', 'Mức giảm tỷ lệ hộ nghèo (điểm %)'),
  ];
}
