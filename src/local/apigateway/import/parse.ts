// Reads an import body (JSON or YAML) and tells Swagger 2.0 from OpenAPI 3.x.
import { parse as parseYaml } from 'yaml';
import { badRequestError } from '../errors.js';

export type SpecKind = 'swagger2' | 'oas3';
export type JsonObject = Record<string, unknown>;

export interface ParsedDocument {
  kind: SpecKind;
  doc: JsonObject;
}

export function parseDocument(body: Buffer): ParsedDocument {
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  if (!text.trim()) throw badRequestError('Invalid API definition: the request body is empty. Send a Swagger 2.0 or OpenAPI 3.0 document (JSON or YAML).');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (jsonError) {
    try {
      doc = parseYaml(text);
    } catch (yamlError) {
      throw badRequestError(
        `Invalid API definition: the body is neither JSON (${(jsonError as Error).message}) nor YAML (${firstLine((yamlError as Error).message)}).`,
      );
    }
  }
  if (!isObject(doc)) {
    throw badRequestError('Invalid API definition: the document must be a JSON or YAML object with "swagger": "2.0" or "openapi": "3.0.x".');
  }
  if (String(doc.swagger ?? '') === '2.0') return { kind: 'swagger2', doc };
  if (/^3\.\d+(\.\d+)?$/.test(String(doc.openapi ?? ''))) return { kind: 'oas3', doc };
  const found = doc.swagger !== undefined ? `"swagger": "${String(doc.swagger)}"` : doc.openapi !== undefined ? `"openapi": "${String(doc.openapi)}"` : 'no "swagger" or "openapi" field';
  throw badRequestError(`Invalid API definition: found ${found}; API Gateway imports Swagger 2.0 ("swagger": "2.0") or OpenAPI 3.x ("openapi": "3.0.1").`);
}

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const firstLine = (text: string) => text.split('\n')[0] ?? text;
