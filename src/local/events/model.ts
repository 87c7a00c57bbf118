// EventBridge state: rules on the default event bus, their targets and tags.
import type { CloudContext } from '../context.js';
import { PersistentState } from '../persist.js';
import { AwsServiceError, badRequest } from '../protocol/errors.js';
import { parseEventPattern } from './pattern.js';
import { parseSchedule } from './schedule.js';

export interface Target {
  Id: string;
  Arn: string;
  Input?: string;
  InputPath?: string;
  RoleArn?: string;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface Rule {
  name: string;
  arn: string;
  eventBusName: string;
  scheduleExpression?: string;
  eventPattern?: string;
  state: 'ENABLED' | 'DISABLED';
  description?: string;
  roleArn?: string;
  /** Epoch ms the schedule counts from: creation, or the last change of schedule or state. */
  scheduleAnchor: number;
  targets: Target[];
  tags: Tag[];
}

export interface PutRuleInput {
  name: string;
  eventBusName?: string;
  scheduleExpression?: string;
  eventPattern?: string;
  state?: string;
  description?: string;
  roleArn?: string;
  tags: Tag[];
}

interface EventsData {
  rules: Record<string, Rule>;
}

const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const TARGET_ID = /^[.\-_A-Za-z0-9]{1,64}$/;
const MAX_TARGETS = 5;
const DEFAULT_BUS = 'default';

const validation = (message: string) => badRequest('ValidationException', message);
export const ruleNotFound = (name: string, onBus = false) =>
  new AwsServiceError('ResourceNotFoundException', onBus ? `Rule ${name} does not exist on EventBus ${DEFAULT_BUS}.` : `Rule ${name} does not exist.`, 400);

export class EventsModel {
  private readonly state: PersistentState<EventsData>;
  /** Called after a rule's schedule, state or existence changes, so the scheduler replans. */
  onChange: (ruleName: string) => void = () => {};

  constructor(private readonly ctx: CloudContext) {
    this.state = new PersistentState<EventsData>(ctx.stateDir, 'events', () => ({ rules: {} }));
  }

  get rules(): Rule[] {
    return Object.values(this.state.data.rules).sort((a, b) => a.name.localeCompare(b.name));
  }

  ruleArn(name: string): string {
    return `arn:aws:events:${this.ctx.defaultRegion}:${this.ctx.accountId}:rule/${name}`;
  }

  getRule(name: string, eventBusName?: string, onBus = false): Rule {
    checkBus(eventBusName);
    const rule = this.state.data.rules[name];
    if (!rule) throw ruleNotFound(name, onBus);
    return rule;
  }

  /** Creates or updates (PutRule is an upsert); targets and tags of an existing rule stay. */
  putRule(input: PutRuleInput): Rule {
    checkBus(input.eventBusName);
    if (!RULE_NAME.test(input.name)) {
      throw validation(`1 validation error detected: Value '${input.name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+ and be at most 64 characters.`);
    }
    if (!input.scheduleExpression && !input.eventPattern) throw validation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
    if (input.scheduleExpression) parseSchedule(input.scheduleExpression);
    if (input.eventPattern) parseEventPattern(input.eventPattern);
    const state = input.state ?? 'ENABLED';
    if (state !== 'ENABLED' && state !== 'DISABLED') {
      throw validation(`1 validation error detected: Value '${state}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]`);
    }
    const existing = this.state.data.rules[input.name];
    const now = this.ctx.clock.now();
    const scheduleChanged = !existing || existing.scheduleExpression !== input.scheduleExpression || existing.state !== state;
    const rule: Rule = {
      name: input.name,
      arn: this.ruleArn(input.name),
      eventBusName: DEFAULT_BUS,
      ...(input.scheduleExpression ? { scheduleExpression: input.scheduleExpression } : {}),
      ...(input.eventPattern ? { eventPattern: input.eventPattern } : {}),
      state,
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.roleArn !== undefined ? { roleArn: input.roleArn } : {}),
      scheduleAnchor: scheduleChanged ? now : existing.scheduleAnchor,
      targets: existing?.targets ?? [],
      tags: mergeTags(existing?.tags ?? [], input.tags),
    };
    this.state.data.rules[rule.name] = rule;
    this.save(rule.name);
    return rule;
  }

  setState(name: string, eventBusName: string | undefined, state: 'ENABLED' | 'DISABLED'): void {
    const rule = this.getRule(name, eventBusName);
    if (rule.state !== state) {
      rule.state = state;
      rule.scheduleAnchor = this.ctx.clock.now();
    }
    this.save(name);
  }

  /** AWS refuses to delete a rule that still has targets; a missing rule is not an error. */
  deleteRule(name: string, eventBusName: string | undefined, force: boolean): void {
    checkBus(eventBusName);
    const rule = this.state.data.rules[name];
    if (!rule) return;
    if (rule.targets.length > 0 && !force) throw validation("Rule can't be deleted since it has targets.");
    delete this.state.data.rules[name];
    this.save(name);
  }

  putTargets(ruleName: string, eventBusName: string | undefined, targets: Target[]): void {
    const rule = this.getRule(ruleName, eventBusName, true);
    for (const target of targets) {
      if (!TARGET_ID.test(target.Id)) throw validation(`Target Id "${target.Id}" is invalid: 1 to 64 characters of a-z, A-Z, 0-9, '.', '-', '_'.`);
      if (!/^arn:aws[\w-]*:[\w-]+:/.test(target.Arn)) throw validation(`Parameter ${target.Arn} is not valid. Reason: Provided Arn is not in correct format.`);
      if (target.Input !== undefined && target.InputPath !== undefined) throw validation(`Target ${target.Id}: Input and InputPath are mutually exclusive.`);
      if (target.Input !== undefined) {
        try {
          JSON.parse(target.Input);
        } catch {
          throw validation(`Target ${target.Id}: Input is not valid JSON text.`);
        }
      }
    }
    const byId = new Map(rule.targets.map((t) => [t.Id, t]));
    for (const target of targets) byId.set(target.Id, target);
    if (byId.size > MAX_TARGETS) throw new AwsServiceError('LimitExceededException', `The requested resource exceeds the maximum number allowed: a rule has at most ${MAX_TARGETS} targets.`, 400);
    rule.targets = [...byId.values()];
    this.save(ruleName);
  }

  removeTargets(ruleName: string, eventBusName: string | undefined, ids: string[]): void {
    const rule = this.getRule(ruleName, eventBusName, true);
    rule.targets = rule.targets.filter((t) => !ids.includes(t.Id));
    this.save(ruleName);
  }

  ruleByArn(arn: string): Rule {
    const match = /^arn:aws[\w-]*:events:[^:]*:\d*:rule\/(?:default\/)?([^/]+)$/.exec(arn);
    const rule = match ? this.state.data.rules[match[1]!] : undefined;
    if (!rule) throw new AwsServiceError('ResourceNotFoundException', `Rule ${match?.[1] ?? arn} does not exist on EventBus ${DEFAULT_BUS}.`, 400);
    return rule;
  }

  tag(arn: string, tags: Tag[]): void {
    const rule = this.ruleByArn(arn);
    rule.tags = mergeTags(rule.tags, tags);
    this.save(rule.name);
  }

  untag(arn: string, keys: string[]): void {
    const rule = this.ruleByArn(arn);
    rule.tags = rule.tags.filter((t) => !keys.includes(t.Key));
    this.save(rule.name);
  }

  private save(ruleName: string): void {
    this.state.save();
    this.onChange(ruleName);
  }
}

function checkBus(name: string | undefined) {
  const bus = name?.split('/').pop();
  if (bus && bus !== DEFAULT_BUS) {
    throw new AwsServiceError('ResourceNotFoundException', `Event bus ${bus} does not exist. The local cloud has only the default event bus.`, 400);
  }
}

function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  const byKey = new Map(existing.map((t) => [t.Key, t.Value]));
  for (const tag of added) byKey.set(tag.Key, tag.Value);
  return [...byKey].map(([Key, Value]) => ({ Key, Value }));
}
