// Finds the catalog of a deployed stage for the CLI: an explicit URL, else the deploy engine's
// state file `.discovery/<stage>.json`, else API Gateway asked for the API named
// `${project}-${stage}-catalog`. Only the CLI uses this; the client library takes a URL.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { SigningCredentials } from './types.js';

export interface LocateOptions {
  catalogUrl?: string;
  /** Path of discovery.config.json (default ./discovery.config.json). */
  config?: string;
  stage: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  local?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface LocatedCatalog {
  catalogUrl: string;
  /** Signing region; undefined lets the client derive it (AWS_REGION, the execute-api host name). */
  region?: string;
  /** Undefined: the SDK's default provider chain. */
  credentials?: SigningCredentials | (() => Promise<SigningCredentials>);
  /** How it was found, for --json and error messages. */
  source: 'option' | 'environment' | 'state' | 'apigateway';
}

export class CatalogLocationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogLocationError';
  }
}

const CATALOG_API_KEY = 'catalog';

export async function locateCatalog(options: LocateOptions): Promise<LocatedCatalog> {
  const env = options.env ?? process.env;
  const configPath = resolve(options.config ?? 'discovery.config.json');
  const config = await readConfig(configPath);
  const envRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;

  // A URL given outright needs no target: the region (for signing) comes from the flags, the
  // config, the environment or the URL itself, and a loopback catalog takes the local credentials.
  const explicit = options.catalogUrl ?? (env.DISCOVERY_CATALOG_URL || undefined);
  if (explicit) {
    const { LOCAL_CREDENTIALS } = await import('../aws/target.js');
    const loopback = isLoopbackUrl(explicit);
    return {
      catalogUrl: explicit,
      region: options.region ?? config?.region ?? envRegion ?? (loopback ? 'us-east-1' : undefined),
      credentials: options.profile ? await profileCredentials(options.profile) : loopback && !env.AWS_ACCESS_KEY_ID ? LOCAL_CREDENTIALS : undefined,
      source: options.catalogUrl ? 'option' : 'environment',
    };
  }

  if (!config) {
    throw new CatalogLocationError(`No catalog URL: ${configPath} does not exist or is not JSON, so the deployed catalog cannot be found. Pass --catalog-url URL or --config PATH.`);
  }
  const state = await readJson(resolve(dirname(configPath), '.discovery', `${options.stage}.json`));
  const { resolveTarget, stageUrl, LOCAL_CREDENTIALS } = await import('../aws/target.js');
  // With no target named (flags or AWS_ENDPOINT_URL), use the one the stage was deployed to, so
  // `discovery-cli call hello_world 1.0` works right after `discovery-cli deploy --local`.
  const deployedTo = typeof state?.target === 'string' && /^https?:\/\//.test(state.target) ? state.target : undefined;
  const named = options.endpointUrl ?? (options.local ? `http://127.0.0.1:${localPort(env)}` : undefined);
  const endpointUrl = named ?? (env.AWS_ENDPOINT_URL || options.profile ? undefined : deployedTo);
  const region = options.region ?? config?.region ?? envRegion ?? (typeof state?.region === 'string' ? state.region : undefined);
  const target = await resolveTarget({ region, profile: options.profile, endpointUrl, local: options.local, env });
  const credentials = target.credentials
    ?? (target.profile ? await profileCredentials(target.profile) : undefined)
    // The local cloud takes fixed test credentials, as deploy does.
    ?? (target.kind === 'local' && !env.AWS_ACCESS_KEY_ID ? LOCAL_CREDENTIALS : undefined);
  const found = (catalogUrl: string, source: LocatedCatalog['source']): LocatedCatalog => ({ catalogUrl, region: target.region, credentials, source });

  const apiName = `${config.project}-${options.stage}-${CATALOG_API_KEY}`;
  const apiStage = Object.keys(config.apis?.[CATALOG_API_KEY]?.stages ?? {})[0] ?? options.stage;

  const fromState = state && catalogFromState(state, apiName, (id) => stageUrl(target, id, apiStage));
  if (fromState) return found(fromState, 'state');

  const { Aws } = await import('../aws/clients.js');
  const { GetRestApisCommand } = await import('@aws-sdk/client-api-gateway');
  const aws = new Aws(target);
  try {
    let position: string | undefined;
    do {
      const page = await aws.call('apigateway:GET', 'restapis', () => aws.apigateway.send(new GetRestApisCommand({ limit: 500, position })));
      const api = page.items?.find((item) => item.name === apiName);
      if (api?.id) return found(stageUrl(target, api.id, apiStage), 'apigateway');
      position = page.position;
    } while (position);
  } finally {
    aws.destroy();
  }
  throw new CatalogLocationError(
    `No API named "${apiName}" in ${target.kind === 'local' ? `the local cloud at ${target.endpointUrl}` : `region ${target.region}`}: ` +
      `the catalog of stage "${options.stage}" is not deployed there. Run \`discovery-cli deploy --stage ${options.stage}\` with the same target options, or pass --catalog-url.`,
  );
}

interface MinimalConfig {
  project: string;
  region?: string;
  apis?: Record<string, { stages?: Record<string, unknown> }>;
}

async function readConfig(path: string): Promise<MinimalConfig | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as MinimalConfig;
    return typeof parsed?.project === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the deploy engine's state file (src/deploy/state.ts): the catalog API is the resource
 * `restApi:catalog`, whose outputs hold its id; the URL is made from the id for the current
 * target. Older or hand-made layouts (`apis.catalog` with `stageUrl`, `url` or `id`) are read too.
 */
export function catalogFromState(state: StateLike, apiName: string, urlForId: (id: string) => string): string | undefined {
  const recorded = state?.resources?.[`restApi:${CATALOG_API_KEY}`]?.outputs;
  if (typeof recorded?.id === 'string') return urlForId(recorded.id);
  const apis = state?.apis;
  const entries: [string, unknown][] = Array.isArray(apis) ? apis.map((api, i) => [String(i), api]) : Object.entries((apis ?? {}) as Record<string, unknown>);
  for (const [key, value] of entries) {
    const api = (value ?? {}) as { name?: unknown; id?: unknown; stageUrl?: unknown; url?: unknown };
    if (key !== CATALOG_API_KEY && api.name !== apiName) continue;
    if (typeof api.stageUrl === 'string') return api.stageUrl;
    if (typeof api.url === 'string') return api.url;
    if (typeof api.id === 'string') return urlForId(api.id);
  }
  return undefined;
}

export interface StateLike {
  target?: unknown;
  region?: unknown;
  resources?: Record<string, { outputs?: Record<string, unknown> }>;
  apis?: unknown;
}

async function readJson(path: string): Promise<StateLike | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as StateLike;
  } catch {
    return undefined;
  }
}

function isLoopbackUrl(url: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname) || new URL(url).hostname.endsWith('.localhost');
  } catch {
    return false;
  }
}

/** The local cloud's port as `deploy --local` uses it. */
function localPort(env: NodeJS.ProcessEnv): number {
  return Number(env.DISCOVERY_LOCAL_PORT ?? 4577);
}

async function profileCredentials(profile: string): Promise<() => Promise<SigningCredentials>> {
  const { fromIni } = await import('@aws-sdk/credential-providers');
  return fromIni({ profile });
}
