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
    expect(first[1]?.states).toEqual([{ key: 'a', recipient: 'huyen.a@tinh.vn', fingerprint: '1', lastSentAt: DAY0.toISOString() }]);
    // Running again with every state written sends nothing.
    expect(selectDigests(alerts, first.flatMap((d) => d.states), DAY1, 7)).toEqual([]);
  });

  it('keeps a recipient whose digest was not delivered due, and only them', () => {
    const first = selectDigests(alerts, [], DAY0, 7);
    const deliveredToOffice = first.filter((d) => d.recipient === 'vp@tinh.vn').flatMap((d) => d.states);
    const again = selectDigests(alerts, deliveredToOffice, DAY1, 7);
    expect(summary(again)).toEqual([['Huyen.A@tinh.vn', ['a']]]);
    expect(again[0]?.states).toEqual([{ key: 'a', recipient: 'huyen.a@tinh.vn', fingerprint: '1', lastSentAt: DAY1.toISOString() }]);
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
});
