// Resource-policy rendering and the invoke check callers (API Gateway, EventBridge) must pass.
import { describe, expect, it } from 'vitest';
import { allowsInvoke, renderStatement, wildcardMatch } from '../../../src/local/lambda/policy.js';
import { parseFunctionRef, resolveQualifier } from '../../../src/local/lambda/names.js';

const FN = 'arn:aws:lambda:us-east-1:000000000000:function:catalog:live';
const API = 'arn:aws:execute-api:us-east-1:000000000000:abc123';
const apigw = (sourceArn?: string, sourceAccount?: string) =>
  renderStatement({ StatementId: 's', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: sourceArn, SourceAccount: sourceAccount }, FN);

describe('wildcardMatch', () => {
  it('matches * across any characters and ? as one, everything else literally', () => {
    expect(wildcardMatch(`${API}/*/GET/catalog/*`, `${API}/dev/GET/catalog/svc/1.0`)).toBe(true);
    expect(wildcardMatch(`${API}/*/GET/catalog/*`, `${API}/dev/POST/catalog/svc`)).toBe(false);
    expect(wildcardMatch('a?c', 'abc')).toBe(true);
    expect(wildcardMatch('a.c', 'abc')).toBe(false);
    expect(wildcardMatch('arn:aws:(x)', 'arn:aws:(x)')).toBe(true);
  });
});

describe('renderStatement', () => {
  it('renders principals and conditions as AWS does', () => {
    expect(apigw(`${API}/*`, '000000000000')).toEqual({
      Sid: 's', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: FN,
      Condition: { StringEquals: { 'AWS:SourceAccount': '000000000000' }, ArnLike: { 'AWS:SourceArn': `${API}/*` } },
    });
    expect(renderStatement({ StatementId: 'a', Action: 'lambda:InvokeFunction', Principal: '123456789012' }, FN).Principal).toEqual({ AWS: 'arn:aws:iam::123456789012:root' });
    expect(renderStatement({ StatementId: 'a', Action: 'lambda:InvokeFunction', Principal: '*' }, FN).Principal).toBe('*');
  });
});

describe('allowsInvoke', () => {
  const source = `${API}/dev/GET/catalog/svc`;
  it('allows the named service from a matching source ARN only', () => {
    expect(allowsInvoke([apigw(`${API}/*/GET/catalog/*`)], 'apigateway.amazonaws.com', source)).toBe(true);
    expect(allowsInvoke([apigw(`${API}/*/POST/*`)], 'apigateway.amazonaws.com', source)).toBe(false);
    expect(allowsInvoke([apigw(`${API}/*`)], 'events.amazonaws.com', source)).toBe(false);
    expect(allowsInvoke([], 'apigateway.amazonaws.com', source)).toBe(false);
  });
  it('allows any source when no condition is given, and checks SourceAccount against the source ARN', () => {
    expect(allowsInvoke([apigw()], 'apigateway.amazonaws.com', source)).toBe(true);
    expect(allowsInvoke([apigw(undefined, '000000000000')], 'apigateway.amazonaws.com', source)).toBe(true);
    expect(allowsInvoke([apigw(undefined, '111111111111')], 'apigateway.amazonaws.com', source)).toBe(false);
  });
  it('honours wildcard actions and principals, and fails closed on conditions it cannot check', () => {
    const any = renderStatement({ StatementId: 'x', Action: 'lambda:*', Principal: '*' }, FN);
    expect(allowsInvoke([any], 'events.amazonaws.com', 'arn:aws:events:us-east-1:000000000000:rule/r')).toBe(true);
    const org = renderStatement({ StatementId: 'o', Action: 'lambda:InvokeFunction', Principal: '*', PrincipalOrgID: 'o-1' }, FN);
    expect(allowsInvoke([org], 'apigateway.amazonaws.com', source)).toBe(false);
    const other = renderStatement({ StatementId: 'g', Action: 'lambda:GetFunction', Principal: 'apigateway.amazonaws.com' }, FN);
    expect(allowsInvoke([other], 'apigateway.amazonaws.com', source)).toBe(false);
  });
});

describe('function references', () => {
  it('accepts names, partial and full ARNs with qualifiers', () => {
    expect(parseFunctionRef('catalog')).toEqual({ name: 'catalog', qualifier: undefined });
    expect(parseFunctionRef('catalog:live')).toEqual({ name: 'catalog', qualifier: 'live' });
    expect(parseFunctionRef('000000000000:function:catalog:3')).toEqual({ name: 'catalog', qualifier: '3', account: '000000000000' });
    expect(parseFunctionRef(FN)).toMatchObject({ name: 'catalog', qualifier: 'live' });
    expect(parseFunctionRef('arn:aws:lambda:us-east-1:000000000000:function:catalog:$LATEST').qualifier).toBe('$LATEST');
    expect(() => parseFunctionRef('bad name')).toThrow(/failed to satisfy constraint/);
  });
  it('refuses a qualifier that contradicts the one in the ARN', () => {
    expect(resolveQualifier({ name: 'f', qualifier: 'live' }, 'live')).toBe('live');
    expect(resolveQualifier({ name: 'f' }, '2')).toBe('2');
    expect(() => resolveQualifier({ name: 'f', qualifier: 'live' }, '2')).toThrow(/does not match/);
  });
});
