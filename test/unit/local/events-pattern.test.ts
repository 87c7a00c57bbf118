// EventBridge event patterns: exact values, content filters, arrays in the event, $or, and the
// checks PutRule makes.
import { describe, expect, it } from 'vitest';
import { matchesPattern, parseEventPattern } from '../../../src/local/events/pattern.js';

const event = {
  source: 'discovery-cli.catalog',
  'detail-type': 'Catalog Instance Status Change',
  resources: ['arn:aws:a', 'arn:aws:b'],
  detail: { service: 'hello_world', version: '1.0', instance: 'west', old_status: 'healthy', new_status: 'unhealthy', weight: 5 },
};
const matches = (pattern: unknown) => matchesPattern(parseEventPattern(JSON.stringify(pattern)), event);

describe('event patterns', () => {
  it('matches exact values, nested fields, and any element of an array in the event', () => {
    expect(matches({ source: ['discovery-cli.catalog'] })).toBe(true);
    expect(matches({ source: ['other'] })).toBe(false);
    expect(matches({ source: ['other', 'discovery-cli.catalog'], detail: { new_status: ['unhealthy'] } })).toBe(true);
    expect(matches({ detail: { new_status: ['healthy'] } })).toBe(false);
    expect(matches({ resources: ['arn:aws:b'] })).toBe(true);
    expect(matches({ detail: { missing: ['x'] } })).toBe(false);
  });

  it('applies prefix, suffix, anything-but, numeric, exists, equals-ignore-case and wildcard', () => {
    expect(matches({ source: [{ prefix: 'discovery-cli.' }] })).toBe(true);
    expect(matches({ source: [{ suffix: '.catalog' }] })).toBe(true);
    expect(matches({ source: [{ prefix: 'aws.' }] })).toBe(false);
    expect(matches({ detail: { new_status: [{ 'anything-but': 'healthy' }] } })).toBe(true);
    expect(matches({ detail: { new_status: [{ 'anything-but': ['healthy', 'unhealthy'] }] } })).toBe(false);
    expect(matches({ detail: { weight: [{ numeric: ['>', 1, '<=', 5] }] } })).toBe(true);
    expect(matches({ detail: { weight: [{ numeric: ['>', 5] }] } })).toBe(false);
    expect(matches({ detail: { zone: [{ exists: false }] } })).toBe(true);
    expect(matches({ detail: { instance: [{ exists: false }] } })).toBe(false);
    expect(matches({ detail: { service: [{ 'equals-ignore-case': 'HELLO_WORLD' }] } })).toBe(true);
    expect(matches({ 'detail-type': [{ wildcard: 'Catalog * Change' }] })).toBe(true);
  });

  it('takes any alternative of $or', () => {
    expect(matches({ $or: [{ source: ['nope'] }, { detail: { instance: ['west'] } }] })).toBe(true);
    expect(matches({ $or: [{ source: ['nope'] }, { detail: { instance: ['east'] } }] })).toBe(false);
  });

  it('refuses what PutRule refuses', () => {
    expect(() => parseEventPattern('not json')).toThrow(/Invalid JSON/);
    expect(() => parseEventPattern('[]')).toThrow(/Filter is not an object/);
    expect(() => parseEventPattern('{"source":"x"}')).toThrow(/Match value must be/);
    expect(() => parseEventPattern('{"source":[]}')).toThrow(/Empty arrays/);
    expect(() => parseEventPattern('{"source":[{"regex":"x"}]}')).toThrow(/Unrecognized match type/);
  });
});
