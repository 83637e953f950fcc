import { describe, expect, it } from 'vitest';
import { maskPhone } from './mask-phone';

describe('maskPhone', () => {
  it.each([
    ['+380501234567', '+380 •• ••• •• 67'],
    ['+380671112233', '+380 •• ••• •• 33'],
    ['+48123456789', '+•••••••••89'],
    ['', '+••'],
  ])('%s → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('never shows more than the last two digits of a Ukrainian number', () => {
    expect(maskPhone('+380501234567').replace(/\D/g, '')).toBe('38067');
  });
});
