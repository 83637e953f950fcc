import { describe, expect, it } from 'vitest';
import { isMalformedPath } from './malformed-path';

describe('isMalformedPath', () => {
  it('refuses a broken %-escape in the path', () => {
    expect(isMalformedPath('/api/v1/accounts/%E0')).toBe(true);
    expect(isMalformedPath('/account/bill/%E0%A4%A')).toBe(true);
    expect(isMalformedPath('/p/%FF')).toBe(true);
    expect(isMalformedPath('/%')).toBe(true);
  });

  it('accepts plain and well-encoded paths, whatever the query holds', () => {
    expect(isMalformedPath('/api/v1/accounts/1111111116')).toBe(false);
    expect(isMalformedPath('/%D0%BF%D0%BB%D0%B0%D1%82%D0%B0')).toBe(false);
    expect(isMalformedPath('/staff?q=%E0')).toBe(false);
    expect(isMalformedPath('/')).toBe(false);
  });
});
