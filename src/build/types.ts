// What the build step hands to the planner.
import type { LoadedProject } from '../config/project.js';

export interface BuiltFunction {
  key: string;
  /** Deployed name: resourceName(project, key). */
  name: string;
  runtime: string;
  /** Lambda handler string, e.g. "index.handler" or "catalog_service.lambda_handler". */
  handler: string;
  /** Deterministic zip: same source, same bytes. */
  zip: Buffer;
  /** base64 sha256 of zip, as Lambda reports CodeSha256. */
  codeSha256: string;
}

export interface ApiRenderInput {
  /** Deployed API name (replaces info.title). */
  name: string;
  /** Function key -> unqualified function ARN, for `$KEYARN$` markers. */
  functionArns: Record<string, string>;
}

export interface BuiltApi {
  key: string;
  /** The definition with markers replaced, as JSON text ready for ImportRestApi/PutRestApi. */
  render(input: ApiRenderInput): string;
}

export interface BuiltProject {
  project: LoadedProject;
  functions: Record<string, BuiltFunction>;
  apis: Record<string, BuiltApi>;
}
