// The Lambda proxy response contract where AWS's answers are known (issue #9): a response with no
// statusCode is a 200; an isBase64Encoded body is decoded only for an API with binaryMediaTypes,
// otherwise its base64 text goes through as it is.
import { describe, expect, it } from 'vitest';
import { parseProxyResponse } from '../../../src/local/gateway/integrations/proxy-contract.js';

const payload = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('the proxy response contract', () => {
  it('answers 200 when the function names headers but no statusCode', () => {
    const answer = parseProxyResponse(payload({ headers: { 'x-a': '1' }, body: 'hi' }));
    expect(answer.status).toBe(200);
    expect(answer.headers['x-a']).toBe('1');
    expect(answer.body).toBe('hi');
  });

  it('still refuses a statusCode that is no HTTP status', () => {
    expect(() => parseProxyResponse(payload({ statusCode: 'abc' }))).toThrow();
  });

  it('decodes a base64 body only for an API with binary media types', () => {
    const encoded = Buffer.from('binary!').toString('base64');
    expect(parseProxyResponse(payload({ statusCode: 200, body: encoded, isBase64Encoded: true }), true).body).toEqual(Buffer.from('binary!'));
    expect(parseProxyResponse(payload({ statusCode: 200, body: encoded, isBase64Encoded: true }), false).body).toBe(encoded);
  });
});
