import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { schemaPath, packageRoot } from '../../../src/config/package-root.js';
import type { ProjectConfig } from '../../../src/config/types.js';
import { FIXTURES } from './fixture-project.js';

const schema = JSON.parse(readFileSync(schemaPath(), 'utf8')) as Record<string, any>;
const validate = new Ajv({ allErrors: true, strict: true, strictTypes: false }).compile(schema);

// Every field of ProjectConfig, typed, so a field added to types.ts without the schema fails here.
const everyField: Required<ProjectConfig> = {
  $schema: './schema/discovery.config.schema.json',
  project: 'full',
  region: 'us-gov-west-1',
  role: 'arn:aws:iam::123456789012:role/existing',
  tables: { t: { name: 'exact.name-1', partitionKey: { name: 'pk', type: 'S' }, sortKey: { name: 'sk', type: 'N' }, ttlAttribute: 'ttl' } },
  functions: {
    f: {
      handler: 'h.ts', export: 'main', runtime: 'nodejs22.x', description: 'd', memory: 512, timeout: 30,
      environment: { TABLE_A: '${table:t}' }, tables: { t: 'read' },
      permissions: [{ actions: ['dynamodb:GetItem'], resources: ['${table:t.arn}'] }],
      files: ['data.json'], schedule: { expression: 'cron(0 12 * * ? *)', input: { a: [1] }, enabled: false },
      invokeAfterDeploy: { input: { register: true } }, aliases: { pinned: { version: '3' }, latest: { version: '$LATEST' } },
    },
    g: { handler: 'g.py', runtime: 'python3.12', schedule: 'rate(1 hour)', invokeAfterDeploy: true },
  },
  apis: {
    a: {
      definition: 'swagger/a.yaml',
      stages: {
        prod: {
          variables: { v: 'x' },
          methodSettings: { '*/*': { throttlingRateLimit: 1.5, throttlingBurstLimit: 2, cachingEnabled: true, cacheTtlInSeconds: 60, loggingLevel: 'INFO', metricsEnabled: true, dataTraceEnabled: false }, '/a/{b}/GET': {} },
          cacheClusterEnabled: true, cacheClusterSize: '0.5', accessLog: { format: 'clf' }, alias: 'live',
        },
      },
    },
  },
  apiKeys: { k: { description: 'd', enabled: false } },
  usagePlans: { p: { description: 'd', apiStages: [{ api: 'a', stages: ['prod'] }], throttle: { rateLimit: 1, burstLimit: 2 }, quota: { limit: 10, period: 'WEEK', offset: 1 }, keys: ['k'] } },
};

function configsUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'discovery.config.json')))
    .map((d) => join(dir, d.name, 'discovery.config.json'));
}

describe('schema/discovery.config.schema.json', () => {
  it('accepts a config using every field of ProjectConfig, and names exactly those top-level fields', () => {
    expect(validate(everyField), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(everyField).sort());
  });

  it.each([...configsUnder(join(FIXTURES, 'valid')), ...configsUnder(join(packageRoot(), 'examples'))])('accepts %s', (file) => {
    const config = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  const root = join(packageRoot(), 'discovery.config.json');
  it.skipIf(!existsSync(root))('accepts the root discovery.config.json', () => {
    expect(validate(JSON.parse(readFileSync(root, 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['project', { project: 'Upper' }],
    ['project too long', { project: `a${'b'.repeat(31)}` }],
    ['key', { functions: { '1bad': { handler: 'h.ts', runtime: 'nodejs22.x' } } }],
    ['memory', { functions: { f: { handler: 'h.ts', runtime: 'nodejs22.x', memory: 64 } } }],
    ['unknown top-level field', { extra: 1 }],
    ['handler extension', { functions: { f: { handler: 'h.rb', runtime: 'nodejs22.x' } } }],
    ['quota period', { usagePlans: { p: { apiStages: [], quota: { limit: 1, period: 'YEAR' } } } }],
  ])('rejects a bad %s', (_name, patch) => {
    const config = { project: 'ok', functions: {}, ...patch };
    expect(validate(config)).toBe(false);
  });
});
