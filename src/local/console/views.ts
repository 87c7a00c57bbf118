// What the console's JSON endpoints answer: plain data, shared (as types only) with the page in ui/.

export interface FunctionView {
  name: string;
  arn: string;
  region: string;
  runtime: string;
  handler: string;
  role: string;
  description: string;
  timeout: number;
  memorySize: number;
  codeSize: number;
  codeSha256: string;
  lastModified: string;
  environment: Record<string, string>;
  versions: { version: string; description: string; codeSha256: string; lastModified: string }[];
  aliases: { name: string; functionVersion: string; description: string; weights?: Record<string, number> }[];
  tags: Record<string, string>;
}

export interface InvocationView {
  requestId: string;
  /** Epoch ms of the START line (or of the first line seen). */
  startedAt: number;
  version?: string;
  durationMs?: number;
  /** The lines between START and REPORT: what the handler printed. */
  lines: { timestamp: number; message: string }[];
  /** True when the handler's answer was an error (a line names the error, or the REPORT says so). */
  failed: boolean;
}

export interface RouteView {
  path: string;
  methods: { httpMethod: string; authorizationType: string; apiKeyRequired: boolean; integration?: string; functionName?: string }[];
}

export interface StageView {
  name: string;
  deploymentId: string;
  description?: string;
  variables: Record<string, string>;
  /** Path-style invoke URL on this local cloud. */
  url: string;
  /** The routes the stage serves (its deployment's snapshot). */
  routes: RouteView[];
}

export interface ApiView {
  id: string;
  name: string;
  description?: string;
  createdDate: number;
  /** The API's resources as they are now (a stage serves its deployment's copy). */
  routes: RouteView[];
  stages: StageView[];
}

export interface SentRequest {
  method: string;
  /** Resource path after the stage, e.g. /hello. */
  path: string;
  query?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface SentAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  ms: number;
}

export interface TableView {
  name: string;
  status: string;
  itemCount: number;
  keySchema: { name: string; type: string; role: 'HASH' | 'RANGE' }[];
  /** The discovery system's catalog table (key schema name + version). */
  catalog: boolean;
}

export interface ItemsPage {
  items: Record<string, unknown>[];
  /** Pass back as `start` for the next page. */
  next?: string;
}

export interface KeysView {
  apiKeys: { id: string; name: string; enabled: boolean; valuePrefix: string; createdDate: number; usagePlanIds: string[] }[];
  usagePlans: {
    id: string;
    name: string;
    description?: string;
    apiStages: { apiId: string; apiName?: string; stage: string }[];
    throttle?: { burstLimit?: number; rateLimit?: number };
    quota?: { limit: number; period: string };
    keyIds: string[];
  }[];
  usage: { planId: string; keyId: string; day: string; used: number }[];
}

export interface CatalogEntryView {
  service: string;
  version: string;
  instance: string;
  endpointUrl: string;
  /** What the registrant said (healthy, unhealthy, deregistered...). */
  status: string;
  /** The status a lookup sees: `expired` once the lease ran out. */
  effectiveStatus: string;
  checkStatus?: string;
  registeredAt?: number;
  leaseExpiresAt?: number;
  /** Seconds of lease left (negative: expired that long ago). */
  leaseSecondsLeft?: number;
  ttl?: number;
  revision?: number;
}

export interface CatalogView {
  table: string;
  entries: CatalogEntryView[];
}

export interface OverviewView {
  url: string;
  region: string;
  accountId: string;
  now: number;
}

/** The error body of every console endpoint. */
export interface ConsoleError {
  error: { code: string; message: string };
}
