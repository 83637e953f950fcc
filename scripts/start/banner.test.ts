import { describe, expect, it } from 'vitest';
import { describeItem, humanize, renderFixtures } from './banner';

describe('fixture rendering', () => {
  it('names lists from their export names', () => {
    expect(humanize('FIXTURE_ACCOUNTS')).toBe('Fixture accounts');
    expect(humanize('demoStaffUsers')).toBe('Demo staff users');
  });

  it('shows the label and sign-in fields of an item, in a fixed order', () => {
    expect(
      describeItem({ holderName: 'X', billAccessCode: '11110001', key: 'PAID_UP', number: '3333' }),
    ).toBe('PAID_UP: account 3333, bill code 11110001');
    expect(
      describeItem({ key: 'PAID_UP', number: '3333', billAccessCode: '1', shows: 'Pays on time.' }),
    ).toBe('PAID_UP: account 3333, bill code 1\n        Pays on time.');
    expect(describeItem({ role: 'ADMIN', password: 'p', email: 'a@b' })).toBe(
      'ADMIN: login a@b, password p',
    );
  });

  it('falls back to all primitive fields, cut to a readable length', () => {
    expect(describeItem({ name: 'a', size: 3, nested: { x: 1 }, long: 'y'.repeat(80) })).toBe(
      `name: a, size: 3, long: ${'y'.repeat(59)}…`,
    );
  });

  it('renders lists of records and skips everything else', () => {
    const lines = renderFixtures({
      DEMO_STAFF: [{ role: 'SUPPORT', email: 's@x', password: 'p' }],
      FIXTURE_BUILDING: { street: 'просп. Науки', floors: 12 },
      DEFAULT_DEMO_DIALER_API_KEY: 'kvp_demo',
      fixtureByKey: () => undefined,
      EMPTY: [],
    });
    expect(lines).toEqual(['  Demo staff:', '    - SUPPORT: login s@x, password p']);
  });
});
