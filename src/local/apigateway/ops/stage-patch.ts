// UpdateStage patch paths: variables, method settings ("/{resourcePath}/{method}/{category}/{setting}",
// "~1" escaping "/" in the resource path, "*" for all), cache cluster, access logs, deployment.
import { badRequestError } from '../errors.js';
import type { MethodSetting, Stage } from '../model.js';
import { boolValue, numberValue, pathSegments, requireValue, unsupportedPatch, type PatchOperation, optionalValue } from '../patch.js';

const CACHE_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];
const LOG_LEVELS = ['OFF', 'ERROR', 'INFO'];

/** What API Gateway reports for a method setting nobody has changed yet. */
export const DEFAULT_METHOD_SETTING: Required<MethodSetting> = {
  metricsEnabled: false,
  loggingLevel: 'OFF',
  dataTraceEnabled: false,
  throttlingBurstLimit: 5000,
  throttlingRateLimit: 10000,
  cachingEnabled: false,
  cacheTtlInSeconds: 300,
  cacheDataEncrypted: false,
  requireAuthorizationForCacheControl: true,
  unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
};

type Setter = (setting: MethodSetting, op: PatchOperation) => void;

const SETTINGS: Record<string, Setter> = {
  'metrics/enabled': (s, op) => (s.metricsEnabled = boolValue(op)),
  'logging/loglevel': (s, op) => {
    const level = requireValue(op).toUpperCase();
    if (!LOG_LEVELS.includes(level)) throw badRequestError(`Invalid logging level '${op.value}': use OFF, ERROR or INFO.`);
    s.loggingLevel = level;
  },
  'logging/datatrace': (s, op) => (s.dataTraceEnabled = boolValue(op)),
  'throttling/burstlimit': (s, op) => (s.throttlingBurstLimit = Math.trunc(numberValue(op))),
  'throttling/ratelimit': (s, op) => (s.throttlingRateLimit = numberValue(op)),
  'caching/enabled': (s, op) => (s.cachingEnabled = boolValue(op)),
  'caching/ttlinseconds': (s, op) => (s.cacheTtlInSeconds = Math.trunc(numberValue(op))),
  'caching/dataencrypted': (s, op) => (s.cacheDataEncrypted = boolValue(op)),
  'caching/requireauthorizationforcachecontrol': (s, op) => (s.requireAuthorizationForCacheControl = boolValue(op)),
  'caching/unauthorizedcachecontrolheaderstrategy': (s, op) => (s.unauthorizedCacheControlHeaderStrategy = requireValue(op)),
};

export function patchStage(stage: Stage, op: PatchOperation, checkDeployment: (id: string) => void): void {
  const segments = pathSegments(op.path);
  const [field, ...rest] = segments;
  switch (field) {
    case 'variables': {
      const name = rest.join('/');
      if (!/^[a-zA-Z0-9_]+$/.test(name)) throw badRequestError(`Invalid stage variable name '${name}': names only allow a-zA-Z0-9_.`);
      if (op.op === 'remove') delete stage.variables[name];
      else if (op.op === 'replace' || op.op === 'add') stage.variables[name] = requireValue(op);
      else throw unsupportedPatch(op, `stage ${stage.stageName}`);
      return;
    }
    case 'description':
      stage.description = optionalValue(op);
      return;
    case 'deploymentId': {
      const id = requireValue(op);
      checkDeployment(id);
      stage.deploymentId = id;
      return;
    }
    case 'tracingEnabled':
      stage.tracingEnabled = boolValue(op);
      return;
    case 'cacheClusterEnabled':
      stage.cacheClusterEnabled = boolValue(op);
      stage.cacheClusterStatus = stage.cacheClusterEnabled ? 'AVAILABLE' : 'NOT_AVAILABLE';
      if (stage.cacheClusterEnabled) stage.cacheClusterSize ??= '0.5';
      return;
    case 'cacheClusterSize': {
      const size = requireValue(op);
      if (!CACHE_SIZES.includes(size)) throw badRequestError(`Invalid cache cluster size '${size}': use one of ${CACHE_SIZES.join(', ')}.`);
      stage.cacheClusterSize = size;
      return;
    }
    case 'accessLogSettings':
      patchAccessLogs(stage, op, rest);
      return;
  }
  patchMethodSetting(stage, op);
}

/** AWS's rules: remove only the whole object; add/replace only its two members, never empty. */
function patchAccessLogs(stage: Stage, op: PatchOperation, rest: string[]): void {
  if (op.op === 'remove' && rest.length === 0) {
    delete stage.accessLogSettings;
    return;
  }
  if (op.op === 'remove') {
    throw badRequestError(`Cannot remove method setting accessLogSettings/${rest.join('/')} because there is no method setting for this method `);
  }
  const member = rest.length === 1 ? rest[0] : undefined;
  if ((op.op !== 'add' && op.op !== 'replace') || (member !== 'destinationArn' && member !== 'format')) {
    throw badRequestError('Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]');
  }
  if (!op.value) throw badRequestError('Access Log value must not be empty');
  stage.accessLogSettings = { ...(stage.accessLogSettings ?? {}), [member]: op.value };
}

function patchMethodSetting(stage: Stage, op: PatchOperation): void {
  // The key keeps the raw (still ~1-escaped) resource path, as GetStage reports it.
  const raw = op.path.replace(/^\//, '').split('/');
  if (raw.length < 2) throw unsupportedPatch(op, `stage ${stage.stageName}`);
  const key = `${raw[0]}/${raw[1]}`;
  if (raw.length === 2 && op.op === 'remove') {
    delete stage.methodSettings[key];
    return;
  }
  const setter = SETTINGS[raw.slice(2).join('/').toLowerCase()];
  if (raw.length !== 4 || !setter) throw unsupportedPatch(op, `stage ${stage.stageName}`);
  if (op.op !== 'replace' && op.op !== 'add') throw badRequestError(`Patch op '${op.op}' is not supported on '${op.path}': use replace.`);
  // A new per-method override starts from the stage-wide settings, as the console's "override" does.
  const setting = (stage.methodSettings[key] ??= { ...DEFAULT_METHOD_SETTING, ...(key === '*/*' ? {} : stage.methodSettings['*/*']) });
  setter(setting, op);
}
