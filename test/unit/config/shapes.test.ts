// Wrong shapes stop at the schema's report; they must never crash a cross-check.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadProject } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/config/problems.js';
import { copyFixture, editConfig, type Json } from './fixture-project.js';

const cases: [string, (c: Json) => void, RegExp][] = [
  ['/functions', (c) => { c.functions = []; }, /must be of type object, not array\. Fix: give an object/],
  ['/functions/hello/environment', (c) => { c.functions.hello.environment = 'x'; }, /must be of type object, not string/],
  ['/functions/hello/environment/NUM', (c) => { c.functions.hello.environment.NUM = 3; }, /must be of type string, not number/],
  ['/functions/hello/tables', (c) => { c.functions.hello.tables = null; }, /not null/],
  ['/functions/worker/permissions/0/resources', (c) => { c.functions.worker.permissions[0].resources = 'x'; }, /must be of type array/],
  ['/apis/hello/stages/live', (c) => { c.apis.hello.stages.live = null; }, /not null/],
  ['/usagePlans/basic/apiStages/0/stages', (c) => { c.usagePlans.basic.apiStages[0].stages = 'live'; }, /must be of type array/],
  ['/functions/worker/schedule', (c) => { c.functions.worker.schedule = 5; }, /has the wrong shape\. Fix: A schedule expression/],
  ['/functions/hello/handler', (c) => { c.functions.hello.handler = 5; }, /must be of type string/],
  ['/apis/hello/definition', (c) => { c.apis.hello.definition = 1; }, /must be of type string/],
  ['/', (c) => { delete c.project; }, /missing required field "project"\. Fix: add "project"/],
];

it.each(cases)('%s: a wrong shape gives a ConfigError naming it', async (where, edit, message) => {
  const dir = await copyFixture('valid/node-api');
  await editConfig(dir, edit);
  const err = await loadProject({ configPath: join(dir, 'discovery.config.json'), cwd: dir }).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  const [first] = (err as ConfigError).problems;
  expect(first!.location.startsWith(`${where} (line `)).toBe(true);
  expect(`${first!.message}. Fix: ${first!.fix}`).toMatch(message);
});
