// The health of a service from the control plane, as Part 4 defines it: healthy when every
// function and the API exist, unhealthy when some are missing, service_removed when none are.

export type ServiceHealth = 'healthy' | 'unhealthy' | 'service_removed';

/** Existence checks; "not found" is false, any other failure throws (never deregister on a blip). */
export interface ControlPlaneProbe {
  functionExists(functionName: string): Promise<boolean>;
  restApiExists(restApiId: string): Promise<boolean>;
}

export interface HealthReport {
  status: ServiceHealth;
  /** The resources found missing, e.g. "function:discovery-dev-hello_world", "restapi:abc123". */
  missing: string[];
}

export async function assessHealth(probe: ControlPlaneProbe, functions: string[], restApiId: string): Promise<HealthReport> {
  const checks = [
    ...functions.map(async (name) => ((await probe.functionExists(name)) ? undefined : `function:${name}`)),
    ...(restApiId ? [(async () => ((await probe.restApiExists(restApiId)) ? undefined : `restapi:${restApiId}`))()] : []),
  ];
  const results = await Promise.all(checks);
  const missing = results.filter((r): r is string => r !== undefined);
  if (checks.length > 0 && missing.length === checks.length) return { status: 'service_removed', missing };
  return { status: missing.length === 0 ? 'healthy' : 'unhealthy', missing };
}

/** The deployed probe: GetFunctionConfiguration and GetRestApi with the function's own role. */
export function sdkControlPlaneProbe(): ControlPlaneProbe {
  let lambda: Promise<{ send: (name: string) => Promise<unknown> }> | undefined;
  let apigateway: Promise<{ send: (id: string) => Promise<unknown> }> | undefined;
  const getLambda = () =>
    (lambda ??= import('@aws-sdk/client-lambda').then(({ LambdaClient, GetFunctionConfigurationCommand }) => {
      const client = new LambdaClient({});
      return { send: (name: string) => client.send(new GetFunctionConfigurationCommand({ FunctionName: name })) };
    }));
  const getApiGateway = () =>
    (apigateway ??= import('@aws-sdk/client-api-gateway').then(({ APIGatewayClient, GetRestApiCommand }) => {
      const client = new APIGatewayClient({});
      return { send: (id: string) => client.send(new GetRestApiCommand({ restApiId: id })) };
    }));
  return {
    functionExists: (name) => exists(async () => (await getLambda()).send(name), 'ResourceNotFoundException'),
    restApiExists: (id) => exists(async () => (await getApiGateway()).send(id), 'NotFoundException'),
  };
}

async function exists(call: () => Promise<unknown>, notFoundName: string): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === notFoundName) return false;
    throw err;
  }
}
