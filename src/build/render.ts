// Renders an API definition for ImportRestApi/PutRestApi: `$KEYARN$` markers become function
// ARNs and info.title the deployed API name. A Lambda integration URI's region and partition
// are taken from the function ARN it wraps, so a definition written with us-east-1 (as in
// the seed) still deploys to any region.
import type { LoadedApi } from '../config/project.js';
import { MARKER } from '../config/api-definition.js';
import type { ApiRenderInput, BuiltApi } from './types.js';

const INTEGRATION_URI = /^arn:[a-z-]+:apigateway:[a-z0-9-]+:lambda:path\/(\d{4}-\d{2}-\d{2})\/functions\/arn:([a-z-]+):lambda:([a-z0-9-]+):/;

export function builtApi(api: LoadedApi): BuiltApi {
  return {
    key: api.key,
    render(input: ApiRenderInput): string {
      const document = replaceMarkers(structuredClone(api.document), input.functionArns, api.key) as Record<string, unknown>;
      const info = (document.info && typeof document.info === 'object' ? document.info : {}) as Record<string, unknown>;
      document.info = { ...info, title: input.name };
      return JSON.stringify(document, null, 2);
    },
  };
}

function replaceMarkers(v: unknown, arns: Record<string, string>, apiKey: string): unknown {
  if (typeof v === 'string') return replaceInString(v, arns, apiKey);
  if (Array.isArray(v)) return v.map((x) => replaceMarkers(x, arns, apiKey));
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaceMarkers(x, arns, apiKey)]));
  }
  return v;
}

function replaceInString(text: string, arns: Record<string, string>, apiKey: string): string {
  let replaced = false;
  const out = text.replace(MARKER, (_whole, key: string) => {
    const arn = arns[key];
    if (!arn) throw new Error(`API "${apiKey}": no ARN given for marker $${key}ARN$ (functionArns has ${Object.keys(arns).join(', ') || 'nothing'})`);
    replaced = true;
    return arn;
  });
  return replaced
    ? out.replace(INTEGRATION_URI, (_w, version: string, partition: string, region: string) =>
        `arn:${partition}:apigateway:${region}:lambda:path/${version}/functions/arn:${partition}:lambda:${region}:`)
    : out;
}
