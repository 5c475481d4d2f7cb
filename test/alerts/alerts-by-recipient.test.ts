import { describe, expect, it } from 'vitest';
import { groupAlertsByRecipient, recipientKey } from '../../shared/alerts/alerts-by-recipient.js';
import { fixtureAlerts } from '../publish/fixture.js';

describe('groupAlertsByRecipient', () => {
  it('gives each recipient their alerts once, matching addresses without case or surrounding spaces', () => {
    const alerts = fixtureAlerts();
    const groups = groupAlertsByRecipient(alerts);
    expect([...groups.keys()]).toEqual(['vp@laocai.gov.vn', 'mk@laocai.gov.vn']);
    expect(groups.get('vp@laocai.gov.vn')?.map((a) => a.key)).toEqual(['k1', 'k2', 'k3', 'k4']);
    expect(groups.get('mk@laocai.gov.vn')?.map((a) => a.key)).toEqual(['k2', 'k3']);
  });

  it('lists an alert once for an address named twice on it, and skips blank addresses', () => {
    const [first] = fixtureAlerts();
    if (!first) throw new Error('fixture');
    const groups = groupAlertsByRecipient([{ ...first, recipients: ['a@x.vn', ' A@x.vn', ''] }]);
    expect([...groups.entries()].map(([k, v]) => [k, v.length])).toEqual([['a@x.vn', 1]]);
  });
});

describe('recipientKey', () => {
  it('is the trimmed address without case', () => {
    expect(recipientKey('  Lan.Nguyen@LaoCai.gov.vn ')).toBe('lan.nguyen@laocai.gov.vn');
  });
});
