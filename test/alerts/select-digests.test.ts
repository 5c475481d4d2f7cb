import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/alerts/alert.js';
import { selectDigests } from '../../shared/alerts/select-digests.js';
import type { AlertState } from '../../shared/ports/store.js';

const alert = (key: string, fingerprint: string, recipients: string[]): Alert => ({
  kind: 'data_invalid',
  unit: key,
  severity: 'warning',
  message: `${key}: lỗi`,
  key,
  fingerprint,
  recipients,
});
const DAY0 = new Date('2018-01-10T01:00:00.000Z');
const DAY1 = new Date('2018-01-11T01:00:00.000Z');
const DAY8 = new Date('2018-01-18T01:00:00.000Z');
const summary = (digests: ReturnType<typeof selectDigests>) => digests.map((d) => [d.recipient, d.alerts.map((a) => a.key)]);

describe('selectDigests', () => {
  const alerts = [alert('a', '1', ['vp@tinh.vn', 'Huyen.A@tinh.vn']), alert('b', '1', ['vp@tinh.vn'])];

  it('gives each recipient the alerts due for them, with states carrying the recipient', () => {
    const first = selectDigests(alerts, [], DAY0, 7);
    expect(summary(first)).toEqual([
      ['vp@tinh.vn', ['a', 'b']],
      ['Huyen.A@tinh.vn', ['a']],
    ]);
    expect(first[1]?.states).toEqual([
      { key: 'a', recipient: 'huyen.a@tinh.vn', fingerprint: '1', lastSentAt: DAY0.toISOString(), firstSentAt: DAY0.toISOString() },
    ]);
    // Running again with every state written sends nothing.
    expect(
      selectDigests(
        alerts,
        first.flatMap((d) => d.states),
        DAY1,
        7,
      ),
    ).toEqual([]);
  });

  it('keeps a recipient whose digest was not delivered due, and only them', () => {
    const first = selectDigests(alerts, [], DAY0, 7);
    const deliveredToOffice = first.filter((d) => d.recipient === 'vp@tinh.vn').flatMap((d) => d.states);
    const again = selectDigests(alerts, deliveredToOffice, DAY1, 7);
    expect(summary(again)).toEqual([['Huyen.A@tinh.vn', ['a']]]);
    expect(again[0]?.states).toEqual([
      { key: 'a', recipient: 'huyen.a@tinh.vn', fingerprint: '1', lastSentAt: DAY1.toISOString(), firstSentAt: DAY1.toISOString() },
    ]);
  });

  it('matches stored recipients without case or surrounding spaces', () => {
    const states: AlertState[] = [{ key: 'a', recipient: ' HUYEN.a@tinh.vn', fingerprint: '1', lastSentAt: DAY0.toISOString() }];
    expect(summary(selectDigests([alerts[0] as Alert], states, DAY1, 7))).toEqual([['vp@tinh.vn', ['a']]]);
  });

  it('reads a state without recipient (stored before the upgrade) as sent to everyone', () => {
    const legacy: AlertState[] = [
      { key: 'a', fingerprint: '1', lastSentAt: DAY0.toISOString() },
      { key: 'b', fingerprint: '1', lastSentAt: DAY0.toISOString() },
    ];
    expect(selectDigests(alerts, legacy, DAY1, 7)).toEqual([]);
    // A change is news to every recipient of it.
    const changed = selectDigests([alert('a', '2', ['vp@tinh.vn', 'Huyen.A@tinh.vn']), alerts[1] as Alert], legacy, DAY1, 7);
    expect(summary(changed)).toEqual([
      ['vp@tinh.vn', ['a']],
      ['Huyen.A@tinh.vn', ['a']],
    ]);
  });

  it("lets a recipient's own state win over the shared one, keeping the reminder interval", () => {
    const states: AlertState[] = [
      { key: 'a', fingerprint: '1', lastSentAt: DAY0.toISOString() },
      { key: 'a', recipient: 'vp@tinh.vn', fingerprint: '1', lastSentAt: DAY1.toISOString() },
    ];
    const only = [alerts[0] as Alert];
    // Seven days after the shared send: the district is reminded, the office (sent a day later) not yet.
    const reminded = selectDigests(only, states, new Date('2018-01-17T01:00:00.000Z'), 7);
    expect(summary(reminded)).toEqual([['Huyen.A@tinh.vn', ['a']]]);
    expect(summary(selectDigests(only, states, DAY8, 7))).toEqual([
      ['vp@tinh.vn', ['a']],
      ['Huyen.A@tinh.vn', ['a']],
    ]);
  });

  describe('alerts that no longer hold', () => {
    const fixedA = { key: 'a', kind: 'data_invalid' as const, unit: 'a', recipients: ['vp@tinh.vn', 'Huyen.A@tinh.vn'] };

    it('tells each recipient of the earlier alert once, in a digest of its own, and writes the state resolved', () => {
      const first = selectDigests(alerts, [], DAY0, 7);
      const stored = first.flatMap((d) => d.states);
      // Alert a is gone (the unit fixed its errors); b still holds and is not due.
      const next = selectDigests([alerts[1] as Alert], stored, DAY1, 7, [fixedA]);
      expect(next.map((d) => [d.recipient, d.alerts.map((a) => a.key), d.resolved.map((r) => r.unit)])).toEqual([
        ['vp@tinh.vn', [], ['a']],
        ['Huyen.A@tinh.vn', [], ['a']],
      ]);
      expect(next[0]?.resolved[0]?.firstSentAt).toBe(DAY0.toISOString());
      expect(next[0]?.states).toEqual([
        {
          key: 'a',
          recipient: 'vp@tinh.vn',
          fingerprint: '1',
          lastSentAt: DAY1.toISOString(),
          firstSentAt: DAY0.toISOString(),
          resolvedAt: DAY1.toISOString(),
        },
      ]);
      // Told once: with the resolved states written, the next run says nothing more.
      const after = [...stored.filter((s) => s.key !== 'a'), ...next.flatMap((d) => d.states)];
      expect(selectDigests([alerts[1] as Alert], after, DAY8, 30, [fixedA])).toEqual([]);
      // The alert coming back is new to both.
      const back = selectDigests(alerts, after, DAY8, 30, [fixedA]);
      expect(summary(back)).toEqual([
        ['vp@tinh.vn', ['a']],
        ['Huyen.A@tinh.vn', ['a']],
      ]);
      expect(back[0]?.reminders.size).toBe(0);
    });

    it('adds the notice to a digest that is due anyway, and tells nobody who never had the alert', () => {
      const stored = selectDigests([alerts[0] as Alert], [], DAY0, 7)
        .flatMap((d) => d.states)
        .filter((s) => s.recipient === 'vp@tinh.vn');
      const next = selectDigests([alert('b', '1', ['vp@tinh.vn', 'other@tinh.vn'])], stored, DAY1, 7, [fixedA]);
      expect(next.map((d) => [d.recipient, d.alerts.map((a) => a.key), d.resolved.map((r) => r.unit)])).toEqual([
        ['vp@tinh.vn', ['b'], ['a']],
        ['other@tinh.vn', ['b'], []],
      ]);
    });

    it("names nothing resolved while the alert still holds, and reads a shared state as sent to the alert's recipients", () => {
      const legacy: AlertState[] = [{ key: 'a', fingerprint: '1', lastSentAt: DAY0.toISOString() }];
      expect(selectDigests([alerts[0] as Alert], legacy, DAY1, 7, [fixedA])).toEqual([]);
      const told = selectDigests([], legacy, DAY1, 7, [fixedA]);
      expect(told.map((d) => d.recipient)).toEqual(['vp@tinh.vn', 'Huyen.A@tinh.vn']);
      expect(told[1]?.states[0]).toMatchObject({ key: 'a', recipient: 'huyen.a@tinh.vn', resolvedAt: DAY1.toISOString(), firstSentAt: DAY0.toISOString() });
    });
  });
});
