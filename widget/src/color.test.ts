import { describe, expect, it } from 'vitest';
import { contrast, inkOn, normalizeColor, textOn } from './color';

describe('colours', () => {
  it('measures contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
  });

  it('puts white text on dark accents and dark text on light ones, readable either way', () => {
    for (const accent of ['#2f6fed', '#000000', '#7b1fa2', '#ffee00', '#ffffff', '#00c853', '#ff9800']) {
      const text = textOn(accent);
      expect(contrast(text, accent)).toBeGreaterThanOrEqual(4.5);
    }
    expect(textOn('#2f6fed')).toBe('#ffffff');
    expect(textOn('#ffee00')).toBe('#1b1f24');
  });

  it('darkens an accent until it reads on the background, and leaves a dark one as it is', () => {
    expect(inkOn('#1a237e', '#eef0f3')).toBe('#1a237e');
    for (const accent of ['#ffee00', '#ffffff', '#00c853', '#2f6fed']) {
      expect(contrast(inkOn(accent, '#eef0f3'), '#eef0f3')).toBeGreaterThanOrEqual(4.5);
      expect(contrast(inkOn(accent, '#eef0f3'), '#ffffff')).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('normalises a colour, and falls back to the default on a bad one', () => {
    expect(normalizeColor('#ABCDEF')).toBe('#abcdef');
    expect(normalizeColor('red')).toBe('#2f6fed');
  });
});
