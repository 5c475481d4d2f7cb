import { describe, expect, it } from 'vitest';
import { intensiveWindows } from '../../infra/intensive-windows.js';

describe('the windows before due dates', () => {
  const now = new Date('2027-06-15T03:00:00Z');

  it('runs from local midnight N days before to the end of the due day, in UTC+7', () => {
    expect(intensiveWindows(['2027-12-20'], 7, now)).toEqual({
      windows: [{ dueDate: '2027-12-20', start: new Date('2027-12-12T17:00:00Z'), end: new Date('2027-12-20T16:59:59Z') }],
      past: [],
    });
  });

  it('starts a window already under way at once, and leaves out ended ones', () => {
    const plan = intensiveWindows(['2026-12-20', '2027-06-20', '2027-06-15'], 7, now);
    expect(plan.past).toEqual(['2026-12-20']);
    expect(plan.windows).toEqual([
      { dueDate: '2027-06-20', start: undefined, end: new Date('2027-06-20T16:59:59Z') },
      { dueDate: '2027-06-15', start: undefined, end: new Date('2027-06-15T16:59:59Z') },
    ]);
  });

  it('crosses month and year ends', () => {
    const [window] = intensiveWindows(['2028-01-03'], 7, now).windows;
    expect(window?.start).toEqual(new Date('2027-12-26T17:00:00Z'));
  });
});
