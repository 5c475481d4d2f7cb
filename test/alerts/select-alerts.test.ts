import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/alerts/alert.js';
import { selectAlertsToSend } from '../../shared/alerts/select-alerts.js';
import type { AlertState } from '../../shared/ports/store.js';

const alert = (key: string, fingerprint: string): Alert => ({
  kind: 'data_invalid',
  unit: key,
  severity: 'warning',
  message: `${key}: lỗi`,
  key,
  fingerprint,
  recipients: ['vanphong@backan.gov.vn'],
});
const asMap = (states: readonly AlertState[]): Map<string, AlertState> => new Map(states.map((s) => [s.key, s]));

describe('selectAlertsToSend', () => {
  const day0 = new Date('2018-01-10T01:00:00.000Z');
  const alerts = [alert('a', '1'), alert('b', '1')];

  it('sends new alerts once: a second run with the returned states sends and writes nothing', () => {
    const first = selectAlertsToSend(alerts, new Map(), day0, 7);
    expect(first.toSend.map((a) => a.key)).toEqual(['a', 'b']);
    expect(first.states).toEqual([
      { key: 'a', fingerprint: '1', lastSentAt: '2018-01-10T01:00:00.000Z', firstSentAt: '2018-01-10T01:00:00.000Z' },
      { key: 'b', fingerprint: '1', lastSentAt: '2018-01-10T01:00:00.000Z', firstSentAt: '2018-01-10T01:00:00.000Z' },
    ]);
    expect(first.reminders.size).toBe(0);
    const second = selectAlertsToSend(alerts, asMap(first.states), new Date('2018-01-11T01:00:00.000Z'), 7);
    expect(second).toEqual({ toSend: [], states: [], reminders: new Map() });
  });

  it('sends again when the fingerprint changes, leaving the other states untouched', () => {
    const states = asMap(selectAlertsToSend(alerts, new Map(), day0, 7).states);
    const changed = selectAlertsToSend([alert('a', '2'), alert('b', '1')], states, new Date('2018-01-11T01:00:00.000Z'), 7);
    expect(changed.toSend.map((a) => a.key)).toEqual(['a']);
    // A changed alert is news, not a reminder; it keeps the day it was first sent.
    expect(changed.states).toEqual([{ key: 'a', fingerprint: '2', lastSentAt: '2018-01-11T01:00:00.000Z', firstSentAt: '2018-01-10T01:00:00.000Z' }]);
    expect(changed.reminders.size).toBe(0);
  });

  it('reminds after the interval, not before', () => {
    const states = asMap(selectAlertsToSend(alerts, new Map(), day0, 7).states);
    expect(selectAlertsToSend(alerts, states, new Date('2018-01-17T00:59:59.000Z'), 7).toSend).toEqual([]);
    const reminded = selectAlertsToSend(alerts, states, new Date('2018-01-17T01:00:00.000Z'), 7);
    expect(reminded.toSend.map((a) => a.key)).toEqual(['a', 'b']);
    expect(reminded.states.every((s) => s.lastSentAt === '2018-01-17T01:00:00.000Z')).toBe(true);
    // A reminder says when it was first sent, and keeps saying it on the next reminder.
    expect([...reminded.reminders]).toEqual([
      ['a', '2018-01-10T01:00:00.000Z'],
      ['b', '2018-01-10T01:00:00.000Z'],
    ]);
    const again = selectAlertsToSend(alerts, asMap(reminded.states), new Date('2018-01-24T01:00:00.000Z'), 7);
    expect(again.reminders.get('a')).toBe('2018-01-10T01:00:00.000Z');
  });

  it('counts a state stored before first sends were kept from its last send', () => {
    const states = new Map([['a', { key: 'a', fingerprint: '1', lastSentAt: '2018-01-02T01:00:00.000Z' }]]);
    const r = selectAlertsToSend([alert('a', '1')], states, day0, 7);
    expect(r.reminders.get('a')).toBe('2018-01-02T01:00:00.000Z');
    expect(r.states[0]?.firstSentAt).toBe('2018-01-02T01:00:00.000Z');
  });

  it('sends an alert that comes back after it was told resolved as new', () => {
    const states = new Map([
      [
        'a',
        { key: 'a', fingerprint: '1', lastSentAt: '2018-01-05T01:00:00.000Z', firstSentAt: '2018-01-01T01:00:00.000Z', resolvedAt: '2018-01-05T01:00:00.000Z' },
      ],
    ]);
    const r = selectAlertsToSend([alert('a', '1')], states, day0, 7);
    expect(r.toSend).toHaveLength(1);
    expect(r.reminders.size).toBe(0);
    expect(r.states).toEqual([{ key: 'a', fingerprint: '1', lastSentAt: day0.toISOString(), firstSentAt: day0.toISOString() }]);
  });

  it('sends a duplicate key once and treats an unreadable send time as never sent', () => {
    const states = new Map([['a', { key: 'a', fingerprint: '1', lastSentAt: 'hôm qua' }]]);
    const r = selectAlertsToSend([alert('a', '1'), alert('a', '1')], states, day0, 7);
    expect(r.toSend).toHaveLength(1);
    expect(r.states).toHaveLength(1);
  });
});
