import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../../handlers/catalog/semver.js';

describe('compareVersions', () => {
  it('orders numerically with missing parts as zero', () => {
    const sorted = ['1.10', '1.9', '2', '1.0.1', '1', '0.9.9'].sort(compareVersions);
    expect(sorted).toEqual(['0.9.9', '1', '1.0.1', '1.9', '1.10', '2']);
    expect(compareVersions('1.0', '1.0.0')).toBe(0);
  });

  it('ranks a pre-release below its release, and text below any version', () => {
    expect(compareVersions('1.0.0-beta', '1.0.0')).toBeLessThan(0);
    expect(compareVersions('1.0.0-alpha', '1.0.0-beta')).toBeLessThan(0);
    expect(compareVersions('1.0.0-2', '1.0.0-10')).toBeLessThan(0);
    expect(compareVersions('v2.0', '1.5')).toBeGreaterThan(0);
    expect(compareVersions('banana', '0.0.1')).toBeLessThan(0);
  });
});
