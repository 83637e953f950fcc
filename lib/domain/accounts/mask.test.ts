import { describe, expect, it } from 'vitest';
import { maskAddress, maskHolderName } from './mask';

describe('masking for public lookups', () => {
  it.each([
    ['Шевченко Тарас Григорович', 'Ш. Т. Г.'],
    ['  коваленко   олена ', 'К. О.'],
    ["Об'єднання співвласників", 'О. С.'],
    ['Smith', 'S.'],
  ])('holder %j → %j', (name, masked) => {
    expect(maskHolderName(name)).toBe(masked);
  });

  it('keeps street and building, never the flat', () => {
    expect(maskAddress('вул. Сумська', '10')).toBe('вул. Сумська, 10');
  });
});
