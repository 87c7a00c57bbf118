import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { render } from 'velocityjs';
import { renderTemplate, type TemplateVariables } from '../../../src/local/gateway/vtl/template.js';
import { escapeJavaScript, util } from '../../../src/local/gateway/vtl/util.js';
import { evaluateJsonPath } from '../../../src/local/gateway/vtl/jsonpath.js';
import { buildApiData, harness, mockIntegration } from './gateway-fixtures.js';

const vars = (over: Partial<TemplateVariables['input']> = {}, context: Record<string, unknown> = {}): TemplateVariables => ({
  input: { body: '', pathParameters: {}, querystring: {}, headers: {}, ...over },
  context,
  stageVariables: { alias: 'live' },
});

// The seed 001 request template, as in its Swagger file.
const SEED_001_TEMPLATE = "{\"service_name\": \"$input.params('serviceName')\",\"service_version\": \"$input.params('serviceVersion')\"}";

// The seed 002 MOCK response template (the generated #foreach over a literal list).
const SEED_002_TEMPLATE = `[
#foreach($ID in [1, 2, 3])
#set($price = $ID * 1.5)
#set($name = "foo" + $ID)
  {
    "ID" : $ID,
    "name" : "$name",
    "price" : $price
  }#if($foreach.hasNext),#end
#end
]`;

describe('mapping templates (VTL)', () => {
  it('answers a template with no $ or # with its own text, as Velocity renders it', () => {
    // Such templates skip Velocity (a MOCK route's answer, most request templates of static JSON).
    // (velocityjs's lexer refuses a NUL, which the shortcut passes through.)
    fc.assert(fc.property(fc.string({ unit: 'binary' }).filter((t) => !/[$#\u0000]/.test(t)), (text) => {
      expect(renderTemplate(text, vars()).output).toBe(render(text, {}, undefined, { escape: false }));
    }), { numRuns: 500 });
    expect(renderTemplate('{"statusCode": 200}', vars())).toEqual({ output: '{"statusCode": 200}', headerOverrides: {} });
  });

  it('renders the seed 001 request template from path parameters', () => {
    const out = renderTemplate(SEED_001_TEMPLATE, vars({ pathParameters: { serviceName: 'testservice1', serviceVersion: '1.0' } })).output;
    expect(JSON.parse(out)).toEqual({ service_name: 'testservice1', service_version: '1.0' });
  });

  it('searches path, then querystring, then headers in $input.params(name)', () => {
    const input = { pathParameters: { a: 'path' }, querystring: { a: 'query', b: 'query' }, headers: { a: 'h', b: 'h', 'x-c': 'header' } };
    expect(renderTemplate("$input.params('a')|$input.params('b')|$input.params('X-C')|$input.params('none')|", vars(input)).output).toBe('path|query|header||');
  });

  it('gives $input.json, $input.path and $input.body over the body', () => {
    const body = JSON.stringify({ user: { name: 'ann', tags: ['a', 'b'] }, n: 3 });
    const out = renderTemplate("$input.json('$')|$input.json('$.user.tags')|$input.path('$.user').name|$input.path('$.user.tags').size()|$input.body", vars({ body })).output;
    const [whole, tags, name, size, raw] = out.split('|');
    expect(JSON.parse(whole!)).toEqual(JSON.parse(body));
    expect(JSON.parse(tags!)).toEqual(['a', 'b']);
    expect(name).toBe('ann');
    expect(size).toBe('2');
    expect(raw).toBe(body);
    expect(renderTemplate("$input.json('$')", vars()).output).toBe('{}');
  });

  it("renders $input.path's maps and lists as Java does ({foo=bar}, [a, {b=c}])", () => {
    const body = JSON.stringify({ x: { foo: 'bar', n: 1 }, list: ['a', { b: 'c' }], empty: {} });
    const out = renderTemplate("$input.path('$.x')|$input.path('$.x').toString()|$input.path('$.list')|$input.path('$.empty')|$input.path('$.x').foo", vars({ body })).output;
    expect(out).toBe('{foo=bar, n=1}|{foo=bar, n=1}|[a, {b=c}]|{}|bar');
  });

  it('runs the seed 002 #foreach template to a JSON list', () => {
    const out = renderTemplate(SEED_002_TEMPLATE, vars()).output;
    const items = JSON.parse(out) as { ID: number; name: string; price: number }[];
    expect(items).toEqual([
      { ID: 1, name: 'foo1', price: 1.5 },
      { ID: 2, name: 'foo2', price: 3 },
      { ID: 3, name: 'foo3', price: 4.5 },
    ]);
  });

  it('gives $context, $stageVariables and $util', () => {
    const out = renderTemplate(
      '$context.requestId $context.identity.sourceIp $stageVariables.alias $util.urlEncode("a b&c") $util.base64Encode("hi") $util.base64Decode("aGk=") $util.parseJson(\'{"k":"v"}\').k',
      vars({}, { requestId: 'req-1', identity: { sourceIp: '10.1.2.3' } }),
    ).output;
    expect(out).toBe('req-1 10.1.2.3 live a+b%26c aGk= hi v');
  });

  it('supports the Java methods templates call on strings, lists and maps', () => {
    const input = { querystring: { name: 'Hello World', empty: '' }, body: '{"list":[1,2],"map":{"k":1}}' };
    const template = [
      "$input.params('name').length()",
      "$input.params('name').contains('World')",
      "$input.params('empty').isEmpty()",
      "$input.params('name').equals('Hello World')",
      "$input.params('name').equalsIgnoreCase('hello world')",
      "$input.params('name').matches('H.*d')",
      "$input.params('name').replaceAll('[lo]', '_')",
      "$input.params('name').split(' ').size()",
      "$input.path('$.list').isEmpty()",
      "$input.path('$.list').contains(2)",
      "$input.path('$.map').containsKey('k')",
      "#if($input.params('name').length() > 5)long#end",
    ].join('|');
    expect(renderTemplate(template, vars(input)).output).toBe('11|true|true|true|true|true|He___ W_r_d|2|false|true|true|long');
  });

  it('escapes like Java escapeJavaScript', () => {
    expect(escapeJavaScript('say "hi"\n\'x\' / é')).toBe('say \\"hi\\"\\n\\\'x\\\' \\/ \\u00E9');
    expect(util.urlDecode('a+b%26c')).toBe('a b&c');
  });

  it('lets a template override the status with $context.responseOverride', () => {
    const result = renderTemplate('#set($context.responseOverride.status = 404)#set($context.responseOverride.header.X-Why = "gone")nothing', vars());
    expect(result.statusOverride).toBe(404);
    expect(result.headerOverrides).toEqual({ 'X-Why': 'gone' });
  });

  it('evaluates the JSONPath subset templates use', () => {
    const doc = { a: [{ b: 1 }, { b: 2 }], 'odd key': true };
    expect(evaluateJsonPath(doc, '$.a[1].b')).toBe(2);
    expect(evaluateJsonPath(doc, "$['odd key']")).toBe(true);
    expect(evaluateJsonPath(doc, '$.a[*].b')).toEqual([1, 2]);
    expect(evaluateJsonPath(doc, '$.missing.x')).toBeUndefined();
  });

  it('serves the seed 002 MOCK with its #foreach response template end to end through the gateway', async () => {
    const data = buildApiData({
      paths: {
        '/items': { GET: { integration: mockIntegration({ integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/json': SEED_002_TEMPLATE } } } }) } },
        '/items/{ID}': {
          GET: {
            integration: mockIntegration({
              integrationResponses: {
                '200': { statusCode: '200', responseTemplates: { 'application/json': '#set($id = $input.params(\'ID\'))\n{"ID": $id, "name": "foo$id", "price": 1.5}' } },
              },
            }),
          },
        },
      },
    });
    const gw = harness(data);
    const list = await gw.send({ path: '/items' });
    expect(list.status).toBe(200);
    expect(list.headers['content-type']).toBe('application/json');
    expect((list.json() as unknown[]).length).toBe(3);
    const one = await gw.send({ path: '/items/7' });
    expect(one.json()).toEqual({ ID: 7, name: 'foo7', price: 1.5 });
  });
});
