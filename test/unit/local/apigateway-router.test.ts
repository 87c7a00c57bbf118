// URI templates -> operations, including tag ARNs with or without percent-encoded slashes.
import { describe, expect, it } from 'vitest';
import { matchRoute, page, route } from '../../../src/local/apigateway/router.js';
import type { AwsRequest } from '../../../src/local/protocol/request.js';

const routes = [
  route('GET', '/restapis/{restapi_id}/resources/{resource_id}', 'GetResource', () => ({})),
  route('GET', '/tags/{resource_arn}', 'GetTags', () => ({})),
  route('PUT', '/restapis/{restapi_id}', 'PutRestApi', () => ({})),
];

function request(method: string, rawPath: string): AwsRequest {
  return { method, rawPath, path: decodeURIComponent(rawPath), query: new URLSearchParams(), headers: {}, body: Buffer.alloc(0), service: 'apigateway', region: 'us-east-1' };
}

describe('API Gateway routes', () => {
  it('matches labels and the method', () => {
    const match = matchRoute(routes, request('GET', '/restapis/abc/resources/r1'));
    expect(match?.route.operation).toBe('GetResource');
    expect(match?.request.params).toEqual({ restapi_id: 'abc', resource_id: 'r1' });
    expect(matchRoute(routes, request('DELETE', '/restapis/abc/resources/r1'))).toBeUndefined();
    expect(matchRoute(routes, request('GET', '/restapis/abc/resources'))).toBeUndefined();
  });

  it('reads a tag ARN whether or not its slashes are percent-encoded', () => {
    const arn = 'arn:aws:apigateway:us-east-1::/restapis/abc/stages/dev';
    expect(matchRoute(routes, request('GET', `/tags/${encodeURIComponent(arn)}`))?.request.params.resource_arn).toBe(arn);
    expect(matchRoute(routes, request('GET', `/tags/${arn}`))?.request.params.resource_arn).toBe(arn);
  });

  it('answers SerializationException for a body that is not JSON', () => {
    const match = matchRoute(routes, { ...request('PUT', '/restapis/abc'), body: Buffer.from('{nope') });
    expect(() => match!.request.json()).toThrow(/not valid JSON/);
  });

  it('pages lists with limit and position', () => {
    const items = Array.from({ length: 5 }, (_, i) => i);
    expect(page(items, new URLSearchParams('limit=2'))).toEqual({ item: [0, 1], position: '2' });
    expect(page(items, new URLSearchParams('limit=2&position=4'))).toEqual({ item: [4] });
    expect(page(items, new URLSearchParams())).toEqual({ item: items });
  });
});
