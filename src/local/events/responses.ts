// EventBridge JSON 1.1 operations (X-Amz-Target: AWSEvents.<Operation>).
import { badRequest } from '../protocol/errors.js';
import { jsonResult as renderJson } from '../protocol/render.js';
import type { EventBus, PutEventsEntry } from './bus.js';
import type { EventsModel, Rule, Tag, Target } from './model.js';
import type { JsonTargetOperation } from '../protocol/json-target.js';

type Input = Record<string, unknown>;
/** The rules (model) and the bus PutEvents routes through. */
export interface EventsService {
  model: EventsModel;
  bus: EventBus;
}
type Operation = JsonTargetOperation<EventsService>;

export const operations: Record<string, Operation> = {
  PutRule({ model }, input) {
    const rule = model.putRule({
      name: str(input, 'Name'),
      eventBusName: optStr(input, 'EventBusName'),
      scheduleExpression: optStr(input, 'ScheduleExpression'),
      eventPattern: optStr(input, 'EventPattern'),
      state: optStr(input, 'State'),
      description: optStr(input, 'Description'),
      roleArn: optStr(input, 'RoleArn'),
      tags: tagsOf(input.Tags),
    });
    return result('PutRule', { RuleArn: rule.arn });
  },
  DescribeRule({ model }, input) {
    const rule = model.getRule(str(input, 'Name'), optStr(input, 'EventBusName'));
    return result('DescribeRule', { ...ruleJson(rule), CreatedBy: '' });
  },
  ListRules({ model }, input) {
    const prefix = optStr(input, 'NamePrefix') ?? '';
    const page = paginate(model.rules.filter((r) => r.name.startsWith(prefix)), input);
    return result('ListRules', { Rules: page.items.map(ruleJson), ...page.token });
  },
  ListRuleNamesByTarget({ model }, input) {
    const arn = str(input, 'TargetArn');
    const page = paginate(model.rules.filter((r) => r.targets.some((t) => t.Arn === arn)).map((r) => r.name), input);
    return result('ListRuleNamesByTarget', { RuleNames: page.items, ...page.token });
  },
  EnableRule({ model }, input) {
    model.setState(str(input, 'Name'), optStr(input, 'EventBusName'), 'ENABLED');
    return result('EnableRule', {});
  },
  DisableRule({ model }, input) {
    model.setState(str(input, 'Name'), optStr(input, 'EventBusName'), 'DISABLED');
    return result('DisableRule', {});
  },
  DeleteRule({ model }, input) {
    model.deleteRule(str(input, 'Name'), optStr(input, 'EventBusName'), input.Force === true);
    return result('DeleteRule', {});
  },
  PutTargets({ model }, input) {
    const targets = list(input, 'Targets').map(targetOf);
    model.putTargets(str(input, 'Rule'), optStr(input, 'EventBusName'), targets);
    return result('PutTargets', { FailedEntryCount: 0, FailedEntries: [] });
  },
  RemoveTargets({ model }, input) {
    const ids = list(input, 'Ids').map(String);
    model.removeTargets(str(input, 'Rule'), optStr(input, 'EventBusName'), ids);
    return result('RemoveTargets', { FailedEntryCount: 0, FailedEntries: [] });
  },
  ListTargetsByRule({ model }, input) {
    const rule = model.getRule(str(input, 'Rule'), optStr(input, 'EventBusName'));
    const page = paginate(rule.targets, input);
    return result('ListTargetsByRule', { Targets: page.items, ...page.token });
  },
  PutEvents({ bus }, input) {
    const entries = list(input, 'Entries') as PutEventsEntry[];
    if (entries.length > 10) {
      throw badRequest('ValidationException', "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10");
    }
    const answers = bus.put(entries);
    return result('PutEvents', { FailedEntryCount: answers.filter((a) => 'ErrorCode' in a).length, Entries: answers });
  },
  TagResource({ model }, input) {
    model.tag(str(input, 'ResourceARN'), tagsOf(input.Tags));
    return result('TagResource', {});
  },
  UntagResource({ model }, input) {
    model.untag(str(input, 'ResourceARN'), list(input, 'TagKeys').map(String));
    return result('UntagResource', {});
  },
  ListTagsForResource({ model }, input) {
    return result('ListTagsForResource', { Tags: model.ruleByArn(str(input, 'ResourceARN')).tags });
  },
};

function ruleJson(rule: Rule) {
  return {
    Name: rule.name,
    Arn: rule.arn,
    ...(rule.eventPattern ? { EventPattern: rule.eventPattern } : {}),
    ...(rule.scheduleExpression ? { ScheduleExpression: rule.scheduleExpression } : {}),
    State: rule.state,
    ...(rule.description !== undefined ? { Description: rule.description } : {}),
    ...(rule.roleArn !== undefined ? { RoleArn: rule.roleArn } : {}),
    EventBusName: rule.eventBusName,
  };
}

function targetOf(value: unknown): Target {
  const t = (value ?? {}) as Input;
  return {
    Id: str(t, 'Id'),
    Arn: str(t, 'Arn'),
    ...(typeof t.Input === 'string' ? { Input: t.Input } : {}),
    ...(typeof t.InputPath === 'string' ? { InputPath: t.InputPath } : {}),
    ...(typeof t.RoleArn === 'string' ? { RoleArn: t.RoleArn } : {}),
  };
}

const result = (operation: string, body: unknown) => renderJson(operation, body, 200, 'application/x-amz-json-1.1');

function paginate<T>(all: T[], input: Input): { items: T[]; token: { NextToken?: string } } {
  const token = optStr(input, 'NextToken');
  const start = token ? Number(Buffer.from(token, 'base64').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) throw badRequest('ValidationException', 'The NextToken is invalid: pass the NextToken of the previous response unchanged.');
  const limit = input.Limit === undefined ? 100 : Number(input.Limit);
  const items = all.slice(start, start + limit);
  const next = start + items.length;
  return { items, token: next < all.length ? { NextToken: Buffer.from(String(next)).toString('base64') } : {} };
}

function str(input: Input, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') {
    throw badRequest('ValidationException', `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

const optStr = (input: Input, name: string) => (typeof input[name] === 'string' && input[name] !== '' ? (input[name] as string) : undefined);

function list(input: Input, name: string): unknown[] {
  const value = input[name];
  if (!Array.isArray(value) || value.length === 0) {
    throw badRequest('ValidationException', `1 validation error detected: Value at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must have length greater than or equal to 1`);
  }
  return value;
}

function tagsOf(value: unknown): Tag[] {
  if (!Array.isArray(value)) return [];
  return value.map((t) => ({ Key: String((t as Input).Key ?? ''), Value: String((t as Input).Value ?? '') }));
}
