#!/usr/bin/env node
// Precompiles the config's JSON Schema into standalone validation code at build time, so no run
// of the CLI compiles it with ajv (issue #11). Writes dist/src/config/config-validator.cjs, which
// src/config/schema.ts loads when the schema's hash matches the one recorded in it. CommonJS,
// because ajv's standalone code requires its runtime helpers.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const schemaText = readFileSync(join(root, 'schema', 'discovery.config.schema.json'), 'utf8');
// The same options as the runtime fallback in src/config/schema.ts (AJV_OPTIONS there).
const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, code: { source: true } });
const validate = ajv.compile(JSON.parse(schemaText));
const out = join(root, 'dist', 'src', 'config', 'config-validator.cjs');
mkdirSync(dirname(out), { recursive: true });
const hash = createHash('sha256').update(schemaText).digest('hex');
writeFileSync(out, `${standaloneCode.default ? standaloneCode.default(ajv, validate) : standaloneCode(ajv, validate)}\nmodule.exports.schemaSha256 = ${JSON.stringify(hash)};\n`);
