// The advisor's judgement of one function: used, never used, denied, minimal statements.
import { describe, expect, it } from 'vitest';
import { analyzeFunction, grantsOf, minimalStatements } from '../../../src/advisor/analyze.js';
import type { RecordedDecision } from '../../../src/advisor/types.js';

const A = '000000000000';
const table = (name: string) => `arn:aws:dynamodb:us-east-1:${A}:table/${name}`;
const session = `arn:aws:sts::${A}:assumed-role/app-role/app`;
const decision = (action: string, resource: string, d: RecordedDecision['decision'] = 'Allow', principalArn = session): RecordedDecision => ({ principalArn, action, resource, decision: d });

describe('analyzeFunction', () => {
  const { grants } = grantsOf('least', {
    Statement: [
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Scan'], Resource: [table('Music'), `${table('Music')}/index/*`] },
      { Effect: 'Allow', Action: 'events:*', Resource: '*' },
      { Effect: 'Deny', Action: '*', Resource: table('Secret') },
    ],
  });
  const advice = analyzeFunction({
    key: 'app', functionName: 'app', role: 'app-role', grants, unjudged: [],
    decisions: [
      decision('dynamodb:GetItem', table('Music')),
      decision('dynamodb:GetItem', table('Music')),
      decision('dynamodb:Query', `${table('Music')}/index/byArtist`, 'ImplicitDeny'),
      decision('events:PutEvents', `arn:aws:events:us-east-1:${A}:event-bus/default`),
      // Another function's session with the same role is not this function.
      decision('dynamodb:Scan', table('Music'), 'Allow', `arn:aws:sts::${A}:assumed-role/app-role/other`),
    ],
  });

  it('counts what was used and what was refused, by action and resource', () => {
    expect(advice.used).toEqual([
      { action: 'dynamodb:GetItem', resource: table('Music'), calls: 2 },
      { action: 'events:PutEvents', resource: `arn:aws:events:us-east-1:${A}:event-bus/default`, calls: 1 },
    ]);
    expect(advice.denied).toEqual([{ action: 'dynamodb:Query', resource: `${table('Music')}/index/byArtist`, calls: 1, decision: 'ImplicitDeny' }]);
  });

  it('lists each Allow pair that no call used (a wildcard grant counts as used when it covered a call)', () => {
    expect(advice.neverUsed.map((g) => `${g.action} ${g.resource}`)).toEqual([
      `dynamodb:GetItem ${table('Music')}/index/*`,
      `dynamodb:Scan ${table('Music')}`,
      `dynamodb:Scan ${table('Music')}/index/*`,
    ]);
  });

  it('suggests the statements covering exactly what was used or refused', () => {
    expect(advice.minimalPermissions).toEqual([
      { actions: ['dynamodb:GetItem'], resources: [table('Music')] },
      { actions: ['dynamodb:Query'], resources: [`${table('Music')}/index/byArtist`] },
      { actions: ['events:PutEvents'], resources: [`arn:aws:events:us-east-1:${A}:event-bus/default`] },
    ]);
  });
});

describe('minimalStatements and grantsOf', () => {
  it('joins resources that need the same actions into one statement', () => {
    expect(minimalStatements([
      { action: 'dynamodb:GetItem', resource: table('A') }, { action: 'dynamodb:PutItem', resource: table('A') },
      { action: 'dynamodb:PutItem', resource: table('B') }, { action: 'dynamodb:GetItem', resource: table('B') },
    ])).toEqual([{ actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [table('A'), table('B')] }]);
  });

  it('leaves NotAction / NotResource statements unjudged', () => {
    const found = grantsOf('broad', { Statement: { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' } });
    expect(found.grants).toEqual([]);
    expect(found.unjudged).toEqual(['broad statement 0: NotAction/NotResource grants everything but a list; narrow it by hand']);
  });
});
