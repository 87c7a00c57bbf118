// Each example's config, API definition and handlers pass the loader's every check, so
// `discovery-cli deploy --config examples/<name>/discovery.config.json` starts from valid input.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../src/config/load.js';

const examples = ['items-api', 'music-api', 'dynamodb-manager'] as const;
const configOf = (name: string) => fileURLToPath(new URL(`../../../examples/${name}/discovery.config.json`, import.meta.url));

describe('example configs', () => {
  for (const name of examples) {
    it(`${name} loads without problems`, async () => {
      const project = await loadProject({ configPath: configOf(name) });
      expect(project.config.project).toBe(name);
      expect(Object.keys(project.apis).length).toBeGreaterThan(0);
    });
  }

  it('items-api: both APIs, the alias pins and the stage aliases', async () => {
    const { config, apis } = await loadProject({ configPath: configOf('items-api') });
    expect(apis.items.format).toBe('swagger2');
    expect(apis.items.functionMarkers).toEqual(['ItemsFunction']);
    expect(apis.items.stageNames.sort()).toEqual(['dev', 'prod']);
    expect(apis.itemsMock.functionMarkers).toEqual([]);
    expect(config.functions.ItemsFunction.aliases).toEqual({ dev: { version: '$LATEST' }, prod: { version: '1' } });
    expect(config.apis?.items.stages?.prod.alias).toBe('prod');
    expect(config.usagePlans?.CloudAcademyPlan.quota).toEqual({ limit: 1000, period: 'DAY' });
  });

  it('music-api: OpenAPI 3 with three Python functions and stage Test', async () => {
    const { config, apis } = await loadProject({ configPath: configOf('music-api') });
    expect(apis.DemoRESTAPI.format).toBe('openapi3');
    expect(apis.DemoRESTAPI.functionMarkers.sort()).toEqual(['DemoCreateTable', 'DemoDeleteTable', 'DemoHandleItem']);
    expect(apis.DemoRESTAPI.stageNames).toEqual(['Test']);
    expect(Object.values(config.functions).map((f) => f.runtime)).toEqual(['python3.12', 'python3.12', 'python3.12']);
  });

  it('dynamodb-manager: YAML OpenAPI 3, exact table name, stage Prod', async () => {
    const { config, apis } = await loadProject({ configPath: configOf('dynamodb-manager') });
    expect(apis.DynamoDBOperations.format).toBe('openapi3');
    expect(apis.DynamoDBOperations.stageNames).toEqual(['Prod']);
    expect(config.tables?.lambdaApigateway.name).toBe('lambda-apigateway');
    expect(config.usagePlans?.LambdaDynamoDBUsagePlan.throttle).toEqual({ rateLimit: 100, burstLimit: 20 });
  });
});
