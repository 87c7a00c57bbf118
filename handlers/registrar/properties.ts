// The service a registrar manages, read from its environment: either SERVICE_PROPERTIES (one JSON
// object, as the series bundled a properties file) or one variable per property; single variables
// win over the JSON so a deploy can override one field.

export interface ServiceProperties {
  service_name: string;
  service_version: string;
  /** Function names (or ARNs) whose existence makes the service healthy. */
  lambda_functions: string[];
  /** The service's REST API id; empty when it has none. */
  rest_api_id: string;
  endpoint_url: string;
  /** Seconds clients may cache the lookup answer. */
  ttl: number;
  /** Base URL of the catalog API's stage. */
  catalog_url: string;
}

const VARIABLES: Record<keyof ServiceProperties, string> = {
  service_name: 'SERVICE_NAME',
  service_version: 'SERVICE_VERSION',
  lambda_functions: 'LAMBDA_FUNCTIONS',
  rest_api_id: 'REST_API_ID',
  endpoint_url: 'ENDPOINT_URL',
  ttl: 'SERVICE_TTL',
  catalog_url: 'CATALOG_URL',
};

export function servicePropertiesFromEnv(env: Record<string, string | undefined>): ServiceProperties {
  let fromJson: Record<string, unknown> = {};
  if (env.SERVICE_PROPERTIES) {
    try {
      fromJson = JSON.parse(env.SERVICE_PROPERTIES) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`Configuration error: SERVICE_PROPERTIES is not valid JSON (${(err as Error).message}).`);
    }
  }
  const pick = (key: keyof ServiceProperties): unknown => env[VARIABLES[key]] ?? fromJson[key];
  const text = (key: keyof ServiceProperties, required: boolean): string => {
    const value = pick(key);
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (typeof value === 'number') return String(value);
    if (required) throw new Error(`Configuration error: the registrar needs ${key} (variable ${VARIABLES[key]} or SERVICE_PROPERTIES.${key}).`);
    return '';
  };
  const functions = pick('lambda_functions');
  const lambdaFunctions = Array.isArray(functions)
    ? functions.map(String)
    : typeof functions === 'string'
      ? parseList(functions)
      : [];
  const ttl = Number(pick('ttl') ?? 300);
  if (!Number.isInteger(ttl) || ttl < 0) throw new Error(`Configuration error: ttl must be a non-negative integer, got ${String(pick('ttl'))}.`);
  return {
    service_name: text('service_name', true),
    service_version: text('service_version', true),
    lambda_functions: lambdaFunctions,
    rest_api_id: text('rest_api_id', false),
    endpoint_url: text('endpoint_url', true),
    ttl,
    catalog_url: text('catalog_url', true),
  };
}

/** Accepts a JSON array or a comma-separated list. */
function parseList(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) return (JSON.parse(trimmed) as unknown[]).map(String);
  return trimmed.split(',').map((s) => s.trim()).filter(Boolean);
}
