// ImportRestApi / PutRestApi against the local cloud: Swagger 2.0 (the seed's own file) and
// OpenAPI 3.0 YAML, warnings, basepath, merge vs overwrite, malformed documents, export round trip.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  GetApiKeyCommand,
  GetExportCommand,
  GetIntegrationCommand,
  GetMethodCommand,
  GetModelsCommand,
  GetRequestValidatorsCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetUsagePlanKeysCommand,
  ImportRestApiCommand,
  PutRestApiCommand,
  type Resource,
} from '@aws-sdk/client-api-gateway';
import { parse as parseYaml } from 'yaml';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';

const run = promisify(execFile);
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:catalog_service:${stageVariables.alias}';

/** Seed 001's Swagger file, as the blog post gives it, with its $catalog_serviceARN$ marker. */
const SEED_SWAGGER = `{
  "swagger": "2.0",
  "info": { "title": "catalog_service", "version": "1.0.0" },
  "schemes": ["https"],
  "consumes": ["application/json"],
  "produces": ["application/json"],
  "paths": {
    "/catalog/{serviceName}/{serviceVersion}": {
      "parameters": [
        { "name": "serviceName", "in": "path", "description": "The name of the service to look up.", "required": true, "type": "string" },
        { "name": "serviceVersion", "in": "path", "description": "The version of the service to look up.", "required": true, "type": "string" }
      ],
      "get": {
        "responses": { "200": { "description": "version information" } },
        "x-amazon-apigateway-integration": {
          "type": "aws",
          "uri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/$catalog_serviceARN$/invocations",
          "httpMethod": "POST",
          "requestTemplates": {
            "application/json": "{\\"service_name\\": \\"$input.params('serviceName')\\",\\"service_version\\": \\"$input.params('serviceVersion')\\"}"
          },
          "responses": { "default": { "statusCode": "200", "schema": { "$ref": "#/definitions/CatalogServiceModel" } } }
        }
      }
    }
  },
  "definitions": {
    "CatalogServiceModel": {
      "type": "object",
      "properties": { "endpoint_url": { "type": "string" }, "ttl": { "type": "integer" }, "status": { "type": "string" } },
      "required": ["endpoint_url", "ttl", "status"]
    }
  }
}`;
const seedSwagger = () => SEED_SWAGGER.replace('$catalog_serviceARN$', FUNCTION_ARN);

const PETS_OAS3_YAML = `
openapi: 3.0.1
info:
  title: pets
  description: Pets API in OpenAPI 3
  version: "2"
servers:
  - url: https://example.com/{basePath}
    variables:
      basePath:
        default: /v1
x-amazon-apigateway-api-key-source: HEADER
x-amazon-apigateway-binary-media-types: [image/png]
x-amazon-apigateway-request-validators:
  all:
    validateRequestBody: true
    validateRequestParameters: true
  params-only:
    validateRequestBody: false
    validateRequestParameters: true
x-amazon-apigateway-request-validator: params-only
x-amazon-apigateway-policy:
  Version: "2012-10-17"
  Statement:
    - Effect: Allow
      Principal: "*"
      Action: execute-api:Invoke
      Resource: execute-api:/*
components:
  securitySchemes:
    api_key: { type: apiKey, name: x-api-key, in: header }
    sigv4: { type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4 }
  schemas:
    Pet:
      type: object
      properties:
        name: { type: string }
        owner: { $ref: '#/components/schemas/Owner' }
    Owner:
      type: object
      properties: { id: { type: integer } }
paths:
  /pets:
    get:
      operationId: listPets
      security: [{ api_key: [] }]
      parameters:
        - { name: limit, in: query, required: false, schema: { type: integer } }
        - { name: X-Trace, in: header, required: true, schema: { type: string } }
      responses:
        "200":
          description: the pets
          headers: { Access-Control-Allow-Origin: { schema: { type: string } } }
          content: { application/json: { schema: { $ref: '#/components/schemas/Pet' } } }
      x-amazon-apigateway-integration:
        type: MOCK
        passthroughBehavior: when_no_templates
        requestTemplates: { application/json: '{"statusCode": 200}' }
        responses:
          default:
            statusCode: "200"
            responseParameters: { method.response.header.Access-Control-Allow-Origin: "'*'" }
            responseTemplates: { application/json: '[]' }
    post:
      operationId: createPet
      security: [{ sigv4: [] }]
      x-amazon-apigateway-request-validator: all
      requestBody:
        content: { application/json: { schema: { $ref: '#/components/schemas/Pet' } } }
      responses:
        "201": { description: created }
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: POST
        uri: http://example.com/\${stageVariables.backend}/pets
        timeoutInMillis: 5000
  /pets/{petId}:
    delete:
      x-amazon-apigateway-auth: { type: aws_iam }
      parameters: [{ name: petId, in: path, required: true, schema: { type: string } }]
      responses: { "204": { description: gone } }
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:pets/invocations
`;

function byPath(items: Resource[] | undefined): Record<string, Resource> {
  return Object.fromEntries((items ?? []).map((r) => [r.path!, r]));
}

describe('API Gateway import in the local cloud', () => {
  let cloud: TestCloud;
  let client: APIGatewayClient;
  let dir: string;
  const body = (text: string) => new TextEncoder().encode(text);

  beforeAll(async () => {
    cloud = await startTestCloud();
    client = new APIGatewayClient(cloud.clientConfig);
    dir = mkdtempSync(join(tmpdir(), 'apigw-import-'));
  });
  afterAll(() => cloud.dispose());

  it("imports seed 001's Swagger 2.0 file and reports it as API Gateway does (SDK v3)", async () => {
    const api = await client.send(new ImportRestApiCommand({ body: body(seedSwagger()) }));
    expect(api.id).toMatch(/^[a-z0-9]{10}$/);
    expect(api.name).toBe('catalog_service');
    expect(api.version).toBe('1.0.0');
    expect(api.apiKeySource).toBe('HEADER');
    expect(api.endpointConfiguration?.types).toEqual(['EDGE']);
    expect(api.createdDate).toBeInstanceOf(Date);
    expect(Math.abs(api.createdDate!.getTime() - Date.now())).toBeLessThan(60_000);

    const resources = await client.send(new GetResourcesCommand({ restApiId: api.id, embed: ['methods'] }));
    const tree = byPath(resources.items);
    expect(Object.keys(tree).sort()).toEqual(['/', '/catalog', '/catalog/{serviceName}', '/catalog/{serviceName}/{serviceVersion}']);
    expect(tree['/']!.id).toBe(api.rootResourceId);
    expect(tree['/catalog/{serviceName}']!.parentId).toBe(tree['/catalog']!.id);
    expect(tree['/catalog/{serviceName}/{serviceVersion}']!.pathPart).toBe('{serviceVersion}');
    for (const r of Object.values(tree)) expect(r.id).toMatch(/^[a-z0-9]{10}$/);

    const leaf = tree['/catalog/{serviceName}/{serviceVersion}']!;
    const method = await client.send(new GetMethodCommand({ restApiId: api.id, resourceId: leaf.id, httpMethod: 'GET' }));
    expect(method.httpMethod).toBe('GET');
    expect(method.authorizationType).toBe('NONE');
    expect(method.apiKeyRequired).toBe(false);
    expect(method.requestParameters).toEqual({ 'method.request.path.serviceName': true, 'method.request.path.serviceVersion': true });
    expect(method.methodResponses).toEqual({ '200': { statusCode: '200' } });

    const integration = await client.send(new GetIntegrationCommand({ restApiId: api.id, resourceId: leaf.id, httpMethod: 'GET' }));
    expect(integration.type).toBe('AWS');
    expect(integration.httpMethod).toBe('POST');
    expect(integration.uri).toBe(`arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations`);
    expect(integration.passthroughBehavior).toBe('WHEN_NO_MATCH');
    expect(integration.timeoutInMillis).toBe(29000);
    expect(integration.cacheNamespace).toBe(leaf.id);
    expect(integration.requestTemplates?.['application/json']).toContain("$input.params('serviceName')");
    expect(integration.integrationResponses).toEqual({ '200': { statusCode: '200' } });

    const models = await client.send(new GetModelsCommand({ restApiId: api.id }));
    expect(models.items?.map((m) => m.name)).toEqual(['CatalogServiceModel']);
    expect(models.items![0]!.contentType).toBe('application/json');
    expect(JSON.parse(models.items![0]!.schema!)).toMatchObject({ type: 'object', required: ['endpoint_url', 'ttl', 'status'] });

    // The data plane reads the same live object.
    expect(cloud.ctx.ports.apigateway?.data.restApis[api.id!]?.name).toBe('catalog_service');
  });

  // Each `aws` process takes seconds to start on a busy 2-core machine.
  it('imports with the AWS CLI (fileb://) and marks the GET api-key-required with update-method', { timeout: 180_000 }, async () => {
    const file = join(dir, 'swagger.json');
    writeFileSync(file, seedSwagger());
    const env = cloud.env;
    const imported = JSON.parse((await run('aws', ['apigateway', 'import-rest-api', '--body', `fileb://${file}`], { env })).stdout) as { id: string };
    const resources = JSON.parse((await run('aws', ['apigateway', 'get-resources', '--rest-api-id', imported.id], { env })).stdout) as { items: Resource[] };
    const leaf = byPath(resources.items)['/catalog/{serviceName}/{serviceVersion}']!;
    expect(leaf.resourceMethods).toEqual({ GET: {} });
    const updated = JSON.parse(
      (await run('aws', ['apigateway', 'update-method', '--rest-api-id', imported.id, '--resource-id', leaf.id!, '--http-method', 'GET',
        '--patch-operations', 'op=replace,path=/apiKeyRequired,value=true'], { env })).stdout,
    ) as { apiKeyRequired: boolean };
    expect(updated.apiKeyRequired).toBe(true);
    const deployment = JSON.parse(
      (await run('aws', ['apigateway', 'create-deployment', '--rest-api-id', imported.id, '--stage-name', 'dev', '--variables', 'alias=live'], { env })).stdout,
    ) as { id: string };
    const stage = JSON.parse((await run('aws', ['apigateway', 'get-stage', '--rest-api-id', imported.id, '--stage-name', 'dev'], { env })).stdout) as {
      deploymentId: string;
      variables: Record<string, string>;
    };
    expect(stage).toMatchObject({ deploymentId: deployment.id, variables: { alias: 'live' } });
    const exported = join(dir, 'exported.json');
    await run('aws', ['apigateway', 'get-export', '--rest-api-id', imported.id, '--stage-name', 'dev', '--export-type', 'swagger',
      '--parameters', 'extensions=integrations', exported], { env });
    const doc = JSON.parse(readFileSync(exported, 'utf8')) as { paths: Record<string, { get: { 'x-amazon-apigateway-integration': { uri: string } } }> };
    expect(doc.paths['/catalog/{serviceName}/{serviceVersion}']!.get['x-amazon-apigateway-integration'].uri).toContain(FUNCTION_ARN);
    await run('aws', ['apigateway', 'delete-rest-api', '--rest-api-id', imported.id], { env });
    const gone = await run('aws', ['apigateway', 'get-rest-api', '--rest-api-id', imported.id], { env }).then(
      () => undefined,
      (err: { stderr: string }) => err.stderr,
    );
    expect(gone).toContain('NotFoundException');
    expect(gone).toContain('Invalid API identifier specified');
  });

  it("runs the seed's own boto3 calls: import_rest_api(body=...) then create_deployment", { timeout: 120_000 }, async () => {
    const file = join(dir, 'seed-boto3.json');
    writeFileSync(file, seedSwagger());
    const script = [
      'import boto3, sys',
      'client = boto3.client("apigateway")',
      'api_id = client.import_rest_api(body=open(sys.argv[1]).read())["id"]',
      'client.create_deployment(restApiId=api_id, stageName="dev")',
      'print(api_id)',
    ].join('\n');
    const apiId = (await run('python3', ['-c', script, file], { env: cloud.env })).stdout.trim();
    const stage = cloud.ctx.ports.apigateway?.data.restApis[apiId]?.stages.dev;
    expect(stage?.deploymentId).toMatch(/^[a-z0-9]{10}$/);
  });

  it('imports OpenAPI 3.0 YAML with security, validators, models, policy and basepath=prepend', async () => {
    const api = await client.send(new ImportRestApiCommand({ body: body(PETS_OAS3_YAML), parameters: { basepath: 'prepend' } }));
    expect(api.name).toBe('pets');
    expect(api.description).toBe('Pets API in OpenAPI 3');
    expect(api.binaryMediaTypes).toEqual(['image/png']);
    expect(JSON.parse(api.policy!)).toMatchObject({ Statement: [{ Action: 'execute-api:Invoke' }] });
    const tree = byPath((await client.send(new GetResourcesCommand({ restApiId: api.id, embed: ['methods'] }))).items);
    expect(Object.keys(tree).sort()).toEqual(['/', '/v1', '/v1/pets', '/v1/pets/{petId}']);

    const validators = (await client.send(new GetRequestValidatorsCommand({ restApiId: api.id }))).items ?? [];
    const validatorId = (name: string) => validators.find((v) => v.name === name)?.id;
    expect(validators.find((v) => v.name === 'all')).toMatchObject({ validateRequestBody: true, validateRequestParameters: true });

    const pets = tree['/v1/pets']!.resourceMethods!;
    expect(pets.GET).toMatchObject({
      operationName: 'listPets',
      apiKeyRequired: true,
      authorizationType: 'NONE',
      requestValidatorId: validatorId('params-only'),
      requestParameters: { 'method.request.querystring.limit': false, 'method.request.header.X-Trace': true },
      methodResponses: {
        '200': { statusCode: '200', responseModels: { 'application/json': 'Pet' }, responseParameters: { 'method.response.header.Access-Control-Allow-Origin': false } },
      },
      methodIntegration: {
        type: 'MOCK',
        passthroughBehavior: 'WHEN_NO_TEMPLATES',
        integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/json': '[]' } } },
      },
    });
    expect(pets.POST).toMatchObject({
      authorizationType: 'AWS_IAM',
      apiKeyRequired: false,
      requestValidatorId: validatorId('all'),
      requestModels: { 'application/json': 'Pet' },
      methodIntegration: { type: 'HTTP_PROXY', uri: 'http://example.com/${stageVariables.backend}/pets', timeoutInMillis: 5000 },
    });
    expect(tree['/v1/pets/{petId}']!.resourceMethods!.DELETE).toMatchObject({
      authorizationType: 'AWS_IAM',
      requestParameters: { 'method.request.path.petId': true },
      methodIntegration: { type: 'AWS_PROXY' },
    });

    const models = (await client.send(new GetModelsCommand({ restApiId: api.id }))).items ?? [];
    const pet = JSON.parse(models.find((m) => m.name === 'Pet')!.schema!) as { properties: { owner: { $ref: string } } };
    expect(pet.properties.owner.$ref).toBe(`https://apigateway.amazonaws.com/restapis/${api.id}/models/Owner`);
  });

  it('honours basepath=split and ignores the base path by default', async () => {
    const doc = (basePath: string) => JSON.stringify({
      swagger: '2.0', info: { title: 'based', version: '1' }, basePath,
      paths: { '/items': { get: { responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'mock' } } } },
    });
    const ignored = await client.send(new ImportRestApiCommand({ body: body(doc('/v1/api')) }));
    const split = await client.send(new ImportRestApiCommand({ body: body(doc('/v1/api')), parameters: { basepath: 'split' } }));
    const paths = async (id: string) => Object.keys(byPath((await client.send(new GetResourcesCommand({ restApiId: id }))).items)).sort();
    expect(await paths(ignored.id!)).toEqual(['/', '/items']);
    expect(await paths(split.id!)).toEqual(['/', '/api', '/api/items']);
  });

  it('reports warnings, and with failonwarnings=true refuses the document and stores nothing', async () => {
    const doc = JSON.stringify({
      swagger: '2.0', info: { title: 'warned', version: '1' },
      paths: {
        '/x': { get: { security: [{ nope: [] }], responses: { '200': {} }, 'x-amazon-apigateway-integration': { type: 'mock' } } },
      },
    });
    const api = await client.send(new ImportRestApiCommand({ body: body(doc) }));
    expect(api.warnings?.join('\n')).toContain("paths.'/x'(get).responses.200.description is missing");
    expect(api.warnings?.join('\n')).toContain("security 'nope'");

    const before = (await client.send(new GetRestApisCommand({}))).items?.length;
    const err = await client.send(new ImportRestApiCommand({ body: body(doc), failOnWarnings: true })).catch((e: Error) => e);
    expect(err).toMatchObject({ name: 'BadRequestException', $metadata: { httpStatusCode: 400 } });
    expect((err as Error).message).toContain('Warnings found during import');
    expect((err as Error).message).toContain('description is missing');
    expect((await client.send(new GetRestApisCommand({}))).items?.length).toBe(before);
  });

  it('answers malformed documents with a clear 400 and stores nothing', async () => {
    const before = (await client.send(new GetRestApisCommand({}))).items?.length;
    const cases: [string, string][] = [
      ['{ "swagger": "2.0", ', 'neither JSON'],
      ['just: [unclosed', 'neither JSON'],
      [JSON.stringify({ swagger: '1.2', info: { title: 'old' }, paths: {} }), '"swagger": "1.2"'],
      [JSON.stringify({ info: { title: 'none' }, paths: {} }), 'no "swagger" or "openapi" field'],
      [JSON.stringify({ swagger: '2.0', info: { title: 't' }, paths: { '/bad path': { get: { responses: {} } } } }), "Unable to create resource at path '/bad path'"],
      [JSON.stringify({ swagger: '2.0', info: { title: 't' }, paths: { 'no-slash': {} } }), 'must start with "/"'],
      [JSON.stringify({ swagger: '2.0', info: { title: 't' }, paths: { '/a': { get: { responses: {}, 'x-amazon-apigateway-integration': { uri: 'http://x' } } } } }), 'the integration has no "type"'],
      [JSON.stringify({ swagger: '2.0', info: { title: 't' }, paths: { '/a': { get: { responses: {}, 'x-amazon-apigateway-integration': { type: 'lambda' } } } } }), "integration type 'lambda' is invalid"],
    ];
    for (const [doc, expected] of cases) {
      const err = await client.send(new ImportRestApiCommand({ body: body(doc) })).catch((e: Error) => e);
      expect(err, doc).toMatchObject({ name: 'BadRequestException', $metadata: { httpStatusCode: 400 } });
      expect((err as Error).message, doc).toContain(expected);
    }
    expect((await client.send(new GetRestApisCommand({}))).items?.length).toBe(before);
  });

  it('PutRestApi merge adds methods and keeps the rest; overwrite replaces the tree; ids stay stable', async () => {
    const api = await client.send(new ImportRestApiCommand({ body: body(seedSwagger()) }));
    await client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev', variables: { alias: 'live' } }));
    const before = byPath((await client.send(new GetResourcesCommand({ restApiId: api.id }))).items);
    const extra = JSON.stringify({
      swagger: '2.0', info: { title: 'catalog_service', version: '1.0.1' },
      paths: {
        '/catalog/{serviceName}': { post: { responses: { '201': { description: 'made' } }, 'x-amazon-apigateway-integration': { type: 'mock' } } },
        '/health': { get: { responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'mock' } } },
      },
    });

    const merged = await client.send(new PutRestApiCommand({ restApiId: api.id, mode: 'merge', body: body(extra) }));
    expect(merged.id).toBe(api.id);
    const afterMerge = byPath((await client.send(new GetResourcesCommand({ restApiId: api.id }))).items);
    expect(Object.keys(afterMerge).sort()).toEqual(['/', '/catalog', '/catalog/{serviceName}', '/catalog/{serviceName}/{serviceVersion}', '/health']);
    for (const path of Object.keys(before)) expect(afterMerge[path]!.id).toBe(before[path]!.id);
    expect(afterMerge['/catalog/{serviceName}/{serviceVersion}']!.resourceMethods).toEqual({ GET: {} });
    expect(afterMerge['/catalog/{serviceName}']!.resourceMethods).toEqual({ POST: {} });
    expect((await client.send(new GetModelsCommand({ restApiId: api.id }))).items?.map((m) => m.name)).toEqual(['CatalogServiceModel']);

    await client.send(new PutRestApiCommand({ restApiId: api.id, mode: 'overwrite', body: body(extra) }));
    const afterOverwrite = byPath((await client.send(new GetResourcesCommand({ restApiId: api.id }))).items);
    expect(Object.keys(afterOverwrite).sort()).toEqual(['/', '/catalog', '/catalog/{serviceName}', '/health']);
    expect(afterOverwrite['/']!.id).toBe(before['/']!.id);
    expect(afterOverwrite['/catalog/{serviceName}']!.id).toBe(before['/catalog/{serviceName}']!.id);
    expect(afterOverwrite['/health']!.id).toBe(afterMerge['/health']!.id);
    expect((await client.send(new GetModelsCommand({ restApiId: api.id }))).items).toEqual([]);
    const kept = await client.send(new GetRestApiCommand({ restApiId: api.id }));
    expect(kept.version).toBe('1.0.1');
    // Stages and deployments survive an overwrite; the stage still serves its old snapshot.
    const data = cloud.ctx.ports.apigateway!.data.restApis[api.id!]!;
    expect(data.stages.dev?.variables).toEqual({ alias: 'live' });
    expect(Object.values(data.deployments[data.stages.dev!.deploymentId]!.snapshot.resources).map((r) => r.path)).toContain('/catalog/{serviceName}/{serviceVersion}');

    const bad = await client.send(new PutRestApiCommand({ restApiId: api.id, mode: 'overwrite', body: body('{"openapi": "9"}') })).catch((e: Error) => e);
    expect(bad).toMatchObject({ name: 'BadRequestException' });
    expect(Object.keys(byPath((await client.send(new GetResourcesCommand({ restApiId: api.id }))).items)).sort()).toEqual(Object.keys(afterOverwrite).sort());

    const missing = await client.send(new PutRestApiCommand({ restApiId: 'nosuchapi0', body: body(extra) })).catch((e: Error) => e);
    expect(missing).toMatchObject({ name: 'NotFoundException', $metadata: { httpStatusCode: 404 } });
  });

  it('exports a stage as Swagger and OpenAPI 3 (JSON and YAML) that import back to the same tree', async () => {
    const api = await client.send(new ImportRestApiCommand({ body: body(PETS_OAS3_YAML) }));
    await client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }));
    const treeOf = async (id: string) => {
      const items = (await client.send(new GetResourcesCommand({ restApiId: id, embed: ['methods'] }))).items ?? [];
      return Object.fromEntries(items.map((r) => [r.path, Object.fromEntries(Object.entries(r.resourceMethods ?? {}).map(([verb, m]) => [verb, {
        authorizationType: m.authorizationType,
        apiKeyRequired: m.apiKeyRequired,
        requestParameters: m.requestParameters,
        integration: { type: m.methodIntegration?.type, uri: m.methodIntegration?.uri, responses: m.methodIntegration?.integrationResponses },
      }]))]));
    };
    const original = await treeOf(api.id!);

    const swagger = await client.send(new GetExportCommand({
      restApiId: api.id, stageName: 'prod', exportType: 'swagger', parameters: { extensions: 'integrations' }, accepts: 'application/json',
    }));
    const swaggerText = new TextDecoder().decode(swagger.body);
    const swaggerDoc = JSON.parse(swaggerText) as { swagger: string; basePath: string; paths: Record<string, Record<string, Record<string, unknown>>> };
    expect(swagger.contentType).toBe('application/json');
    expect(swaggerDoc.swagger).toBe('2.0');
    expect(swaggerDoc.basePath).toBe('/prod');
    expect(swaggerDoc.paths['/pets']!.get!['x-amazon-apigateway-integration']).toMatchObject({ type: 'mock', passthroughBehavior: 'when_no_templates' });
    const again = await client.send(new ImportRestApiCommand({ body: swagger.body! }));
    expect(await treeOf(again.id!)).toEqual(original);

    const yaml = await client.send(new GetExportCommand({
      restApiId: api.id, stageName: 'prod', exportType: 'oas30', parameters: { extensions: 'apigateway' }, accepts: 'application/yaml',
    }));
    const yamlDoc = parseYaml(new TextDecoder().decode(yaml.body)) as Record<string, unknown>;
    expect(yamlDoc.openapi).toBe('3.0.1');
    expect(yamlDoc['x-amazon-apigateway-request-validators']).toBeDefined();
    const fromYaml = await client.send(new ImportRestApiCommand({ body: yaml.body! }));
    expect(await treeOf(fromYaml.id!)).toEqual(original);

    const plain = await client.send(new GetExportCommand({ restApiId: api.id, stageName: 'prod', exportType: 'swagger' }));
    expect(new TextDecoder().decode(plain.body)).not.toContain('x-amazon-apigateway-integration');
  });

  it('keeps imported APIs across a restart of the local cloud', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'apigw-persist-'));
    const first = await startTestCloud({ stateDir });
    const api = await new APIGatewayClient(first.clientConfig).send(new ImportRestApiCommand({ body: body(seedSwagger()) }));
    const firstClient = new APIGatewayClient(first.clientConfig);
    await firstClient.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev', variables: { alias: 'live' } }));
    const key = await firstClient.send(new CreateApiKeyCommand({ name: 'kept', enabled: true }));
    const plan = await firstClient.send(new CreateUsagePlanCommand({ name: 'kept', apiStages: [{ apiId: api.id, stage: 'dev' }], quota: { limit: 5, period: 'DAY' } }));
    await firstClient.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }));
    await first.stop();
    const second = await startTestCloud({ stateDir });
    try {
      const again = new APIGatewayClient(second.clientConfig);
      expect((await again.send(new GetRestApiCommand({ restApiId: api.id }))).name).toBe('catalog_service');
      const tree = byPath((await again.send(new GetResourcesCommand({ restApiId: api.id }))).items);
      expect(tree['/catalog/{serviceName}/{serviceVersion}']?.resourceMethods).toEqual({ GET: {} });
      expect(second.ctx.ports.apigateway?.data.restApis[api.id!]?.stages.dev?.variables).toEqual({ alias: 'live' });
      expect((await again.send(new GetApiKeyCommand({ apiKey: key.id, includeValue: true }))).value).toBe(key.value);
      expect((await again.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id }))).items?.map((k) => k.id)).toEqual([key.id]);
    } finally {
      await second.dispose();
    }
  });
});
