/**
 * The Serverless Service Discovery client (`discovery-cli/client`).
 *
 * ```ts
 * import { createDiscoveryClient } from 'discovery-cli/client';
 * const discovery = createDiscoveryClient({ catalogUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/dev' });
 * const hello = await discovery.lookup('hello_world', '1.0');   // cached for hello.ttl seconds
 * const res = await discovery.call('hello_world', '1.0');        // a healthy instance, retrying the next on failure
 * const { revision } = await discovery.changes('hello_world', 0); // later: changes('hello_world', revision)
 * ```
 * @packageDocumentation
 */
export { createDiscoveryClient } from './client.js';
export type { CallInit, DiscoveryClient, DiscoveryClientOptions } from './client.js';
export {
  CatalogAuthorizationError,
  CatalogRequestError,
  CatalogUnavailableError,
  DiscoveryError,
  ServiceCallError,
  ServiceNotFoundError,
} from './errors.js';
export type { BalancingStrategy } from './balancer.js';
export type { FollowedService } from './follow.js';
export { signExecuteApiRequest } from './signer.js';
export type { SignInput } from './signer.js';
export type {
  CatalogChanges,
  CredentialSource,
  HealthCheckSettings,
  HealthReportEntry,
  HealthReportResult,
  InstanceChange,
  InstancesResult,
  ServiceInstance,
  DiscoveryClock,
  FetchFunction,
  LookupResult,
  RegistrationEntry,
  ServiceEndpoint,
  ServiceSummary,
  ServiceVersionInfo,
  SigningCredentials,
} from './types.js';
