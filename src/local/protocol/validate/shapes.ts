// The input shapes of the served operations, generated from botocore's models into
// ../shapes/<service>.json (scripts/gen-service-shapes.mjs). Read from the source tree both when
// run from src (tests) and from dist (the package ships src/local/protocol/shapes).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface MemberRef {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
  jsonvalue?: boolean;
}

export interface Shape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'double' | 'float' | 'timestamp' | 'blob' | 'document';
  required?: string[];
  members?: Record<string, MemberRef>;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  payload?: string;
  member?: string;
  key?: string;
  value?: string;
  flattened?: boolean;
}

export interface OperationShape {
  input?: string;
  method?: string;
  requestUri?: string;
}

export interface ServiceShapes {
  protocol: string;
  targetPrefix?: string;
  operations: Record<string, OperationShape>;
  shapes: Record<string, Shape>;
}

const here = dirname(fileURLToPath(import.meta.url));
// src/local/protocol/validate -> ../shapes; dist/src/local/protocol/validate -> the package's src/.
const FOLDERS = [join(here, '..', 'shapes'), join(here, '..', '..', '..', '..', '..', 'src', 'local', 'protocol', 'shapes')];
const cache = new Map<string, ServiceShapes | undefined>();

/**
 * Constraints AWS enforces today that the installed botocore's model predates (AWS's own
 * validation messages quote them): they replace the model's, so the refusals read as AWS's.
 */
const NEWER_THAN_BOTOCORE: Record<string, Record<string, Partial<Shape>>> = {
  lambda: {
    TaggableResource: {
      pattern:
        'arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)',
    },
    // Lambda itself refuses an unknown runtime (InvalidParameterValueException, its own list).
    Runtime: { enum: undefined },
    FunctionName: { pattern: '(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?' },
    NamespacedFunctionName: {
      pattern: '(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?',
    },
  },
};

function withNewerConstraints(service: string, model: ServiceShapes): ServiceShapes {
  for (const [name, override] of Object.entries(NEWER_THAN_BOTOCORE[service] ?? {})) {
    if (model.shapes[name]) model.shapes[name] = { ...model.shapes[name]!, ...override };
  }
  return model;
}

/** The shapes of one service by signing name; undefined for a service without a model file. */
export function serviceShapes(service: string): ServiceShapes | undefined {
  if (!cache.has(service)) {
    const file = FOLDERS.map((folder) => join(folder, `${service}.json`)).find((candidate) => existsSync(candidate));
    cache.set(service, file ? withNewerConstraints(service, JSON.parse(readFileSync(file, 'utf8')) as ServiceShapes) : undefined);
  }
  return cache.get(service);
}
