import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BarChart } from './bar-chart';
import {
  labelStride,
  linearScale,
  linePath,
  monthStarts,
  niceMax,
  px,
  stepTicks,
  ticks,
} from './chart-scale';
import { LineChart } from './line-chart';

describe('niceMax', () => {
  it.each([
    [0, 1],
    [-5, 1],
    [Number.NaN, 1],
    [1, 1],
    [7, 10],
    [10, 10],
    [11, 20],
    [20, 20],
    [21, 25],
    [26, 50],
    [101, 200],
    [274, 500],
    [151_235, 200_000],
    [0.3, 1],
  ])('%s → %s', (max, expected) => {
    expect(niceMax(max)).toBe(expected);
  });
});

describe('ticks', () => {
  it.each([
    [274, [0, 100, 200, 300, 400, 500]],
    [0, [0, 1]],
    [2, [0, 1, 2]],
    [3, [0, 1, 2, 3, 4, 5]],
    [7, [0, 2, 4, 6, 8, 10]],
    [18, [0, 5, 10, 15, 20]],
    [22, [0, 5, 10, 15, 20, 25]],
    [101, [0, 50, 100, 150, 200]],
  ])('%s → %j: whole steps from 0 to the nice maximum', (max, expected) => {
    expect(ticks(max)).toEqual(expected);
  });
});

describe('stepTicks', () => {
  it('counts in steps up to the first multiple at or above the maximum', () => {
    expect(stepTicks(101.3, 20)).toEqual([0, 20, 40, 60, 80, 100, 120]);
    expect(stepTicks(100, 20)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(stepTicks(0, 20)).toEqual([0, 20]);
  });
});

describe('linearScale', () => {
  it('maps 0 to the start and the maximum to the end, downwards for an SVG y axis', () => {
    const y = linearScale(500, 226, 12);
    expect(y(0)).toBe(226);
    expect(y(500)).toBe(12);
    expect(y(250)).toBe(119);
  });
  it('does not divide by zero', () => {
    expect(linearScale(0, 0, 100)(0)).toBe(0);
  });
});

describe('px', () => {
  it('keeps one decimal and never writes -0', () => {
    expect(px(12.345)).toBe('12.3');
    expect(px(-0.01)).toBe('0');
    expect(px(100)).toBe('100');
  });
});

describe('linePath', () => {
  const x = (i: number) => i * 10;
  const y = (v: number) => 100 - v;
  it('draws one segment through consecutive values', () => {
    expect(linePath([0, 50, 100], x, y)).toBe('M0 100 L10 50 L20 0');
  });
  it('breaks the line at an unknown value instead of dropping to zero', () => {
    expect(linePath([10, null, 30, 40], x, y)).toBe('M0 90 h0.1 M20 70 L30 60');
  });
  it('draws nothing for no values', () => {
    expect(linePath([null, null], x, y)).toBe('');
  });
});

describe('labelStride and monthStarts', () => {
  it('prints every k-th label so that they fit', () => {
    expect(labelStride(12, 644, 56)).toBe(2);
    expect(labelStride(6, 644, 56)).toBe(1);
    expect(labelStride(25, 644, 52)).toBe(3);
    expect(labelStride(0, 644, 52)).toBe(1);
  });
  it('finds the first day of each month, and the first day', () => {
    expect(
      monthStarts(['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02', '2026-03-01']),
    ).toEqual([0, 2, 4]);
  });
});

describe('the charts', () => {
  it('render an accessible SVG image: role img, named by its title and described', () => {
    const html = renderToStaticMarkup(
      createElement(LineChart, {
        id: 'd',
        title: 'Боржники по днях',
        description: 'Кількість боржників',
        series: [{ name: 'Боржники', values: [1, null, 3], colour: '#1d4ed8' }],
        xLabels: ['січ 26', 'січ 26', 'лют 26'],
        xTicks: [0, 2],
      }),
    );
    expect(html).toMatch(/^<svg [^>]*role="img"/);
    expect(html).toContain('aria-labelledby="d-title"');
    expect(html).toContain('aria-describedby="d-desc"');
    expect(html).toContain('<title id="d-title">Боржники по днях</title>');
    expect(html).toContain('<desc id="d-desc">Кількість боржників</desc>');
    expect(html).toContain('лют 26');
    expect(html).not.toContain('<script');
  });

  it('stack bars and mute the groups still running', () => {
    const html = renderToStaticMarkup(
      createElement(BarChart, {
        id: 'b',
        title: 'Виходи',
        description: 'Складені стовпчики',
        series: [
          { name: 'Сплатили', values: [3, 1], colour: '#047857' },
          { name: 'SMS', values: [1, 0], colour: '#1d4ed8' },
        ],
        labels: ['січ 26', 'лют 26'],
        stacked: true,
        muted: [false, true],
      }),
    );
    // Three bars: 3 + 1 stacked in January, 1 in February (a zero is not drawn).
    expect(html.match(/<rect /g)).toHaveLength(3);
    expect(html).toContain('opacity="0.45"');
  });
});
