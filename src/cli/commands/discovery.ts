// The service discovery commands: lookup, register, deregister, services, call. They find the
// catalog of the deployed stage (state file, else API Gateway by name) or take --catalog-url, and
// load the client and the AWS SDK only inside their actions. `call` goes to a healthy instance and
// warns on stderr before calling a service that has none.
import { Command, InvalidArgumentError } from 'commander';
import type { DiscoveryClient } from '../../discovery/index.js';
import { addTargetOptions } from './target-options.js';

interface CommonOptions {
  json?: boolean;
  stage: string;
  config?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  local?: boolean;
  catalogUrl?: string;
}

export function registerDiscovery(program: Command): void {
  withCommonOptions(program.command('lookup')
    .description('Look a service version up in the catalog: its endpoint URL, ttl and status.')
    .argument('<name>', 'service name, e.g. hello_world')
    .argument('<version>', 'service version, e.g. 1.0')
    .option('--instances', 'also list its instances (the healthy ones; every live one when none is healthy)'))
    .action(async (name: string, version: string, options: CommonOptions & { instances?: boolean }) => {
      const client = await clientFor(options);
      if (options.instances) {
        const found = await client.instances(name, version);
        const lines = found.instances.map((i) => `  ${i.instanceId} ${i.status} weight ${i.weight}${i.zone ? ` zone ${i.zone}` : ''} ${i.endpointUrl}`);
        const wire = found.instances.map((i) => ({
          instance_id: i.instanceId, endpoint_url: i.endpointUrl, ttl: i.ttl, status: i.status, weight: i.weight, ...(i.zone ? { zone: i.zone } : {}), metadata: i.metadata,
        }));
        emit(options, { service_name: name, service_version: version, endpoint_url: found.endpointUrl, ttl: found.ttl, status: found.status, revision: found.revision, instances: wire },
          [`${name} ${version} -> ${found.endpointUrl} (${found.status}, ttl ${found.ttl}s), revision ${found.revision}:`, ...lines].join('\n'));
        return;
      }
      const found = await client.lookup(name, version);
      const result = { service_name: name, service_version: version, endpoint_url: found.endpointUrl, ttl: found.ttl, status: found.status };
      emit(options, result, `${name} ${version} -> ${found.endpointUrl} (${found.status}, ttl ${found.ttl}s)`);
    });

  withCommonOptions(program.command('register')
    .description('Register (or renew) a service version in the catalog, signed with SigV4.')
    .requiredOption('--name <name>', 'service name')
    .requiredOption('--version <version>', 'service version')
    .requiredOption('--url <url>', 'endpoint URL clients should call')
    .option('--ttl <seconds>', 'seconds clients may cache the answer', parseTtl, 300)
    .option('--status <status>', 'healthy, unhealthy, or your own word', 'healthy')
    .option('--instance-id <id>', 'one of several instances of the version (default: the version itself)')
    .option('--weight <n>', 'relative share of calls balancing clients send here', parseWeight)
    .option('--zone <zone>', 'where the instance runs, e.g. eu-west-1a')
    .option('--health-url <url>', 'what the registrar\'s HTTP check fetches (default --url)'))
    .action(async (options: CommonOptions & { name: string; version: string; url: string; ttl: number; status: string; instanceId?: string; weight?: number; zone?: string; healthUrl?: string }) => {
      const client = await clientFor(options);
      const extra = {
        ...(options.instanceId !== undefined ? { instanceId: options.instanceId } : {}),
        ...(options.weight !== undefined ? { weight: options.weight } : {}),
        ...(options.zone !== undefined ? { zone: options.zone } : {}),
        ...(options.healthUrl !== undefined ? { healthUrl: options.healthUrl } : {}),
      };
      await client.register({ serviceName: options.name, serviceVersion: options.version, endpointUrl: options.url, ttl: options.ttl, status: options.status, ...extra });
      const instance = options.instanceId !== undefined ? ` instance ${options.instanceId}` : '';
      emit(options, { registered: true, service_name: options.name, service_version: options.version, ...(options.instanceId !== undefined ? { instance_id: options.instanceId } : {}), endpoint_url: options.url, ttl: options.ttl, status: options.status },
        `registered ${options.name} ${options.version}${instance} -> ${options.url} (${options.status}, ttl ${options.ttl}s)`);
    });

  withCommonOptions(program.command('deregister')
    .description('Remove a service version from the catalog, signed with SigV4.')
    .argument('<name>', 'service name')
    .argument('<version>', 'service version')
    .option('--instance-id <id>', 'remove only this instance (the others stay)'))
    .action(async (name: string, version: string, options: CommonOptions & { instanceId?: string }) => {
      const client = await clientFor(options);
      await client.deregister(name, version, options.instanceId);
      const instance = options.instanceId !== undefined ? ` instance ${options.instanceId}` : '';
      emit(options, { deregistered: true, service_name: name, service_version: version, ...(options.instanceId !== undefined ? { instance_id: options.instanceId } : {}) }, `deregistered ${name} ${version}${instance}`);
    });

  withCommonOptions(program.command('services')
    .description('List the services in the catalog, or the versions of one with their status.')
    .argument('[name]', 'a service name: list its versions'))
    .action(async (name: string | undefined, options: CommonOptions) => {
      const client = await clientFor(options);
      const services = name ? [{ serviceName: name, versions: await client.versions(name) }] : await client.services();
      const lines = services.flatMap((service) =>
        service.versions.length === 0
          ? [`${service.serviceName} (no versions)`]
          : service.versions.map((v) => `${service.serviceName} ${v.serviceVersion} ${v.status} ${v.endpointUrl}`),
      );
      const wire = services.map((service) => ({
        service_name: service.serviceName,
        versions: service.versions.map((v) => ({
          service_version: v.serviceVersion, endpoint_url: v.endpointUrl, ttl: v.ttl, status: v.status, registered_at: v.registeredAt, lease_expires_at: v.leaseExpiresAt,
        })),
      }));
      emit(options, { services: wire }, lines.length ? lines.join('\n') : 'no services registered');
    });

  withCommonOptions(program.command('call')
    .description('Look a service up, then call its endpoint and print the answer.')
    .argument('<name>', 'service name')
    .argument('<version>', 'service version')
    .option('--path <path>', 'path appended to the endpoint URL')
    .option('--method <method>', 'HTTP method', 'GET')
    .option('--data <body>', 'request body (sent as application/json)'))
    .action(async (name: string, version: string, options: CommonOptions & { path?: string; method: string; data?: string }) => {
      const client = await clientFor(options, (message) => process.stderr.write(`warning: ${message}\n`));
      const response = await client.call(name, version, {
        path: options.path,
        method: options.method.toUpperCase(),
        body: options.data,
        headers: options.data === undefined ? undefined : { 'content-type': 'application/json' },
      });
      const text = await response.text();
      if (options.json) {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        process.stdout.write(`${JSON.stringify({ status: response.status, url: response.url, body }, null, 2)}\n`);
      } else {
        process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      }
      if (!response.ok) {
        process.stderr.write(`error: ${name} ${version} answered HTTP ${response.status} at ${response.url}\n`);
        process.exitCode = 1;
      }
    });
}

/** The deploy target options (the catalog is found from the deployed stage), plus --catalog-url. */
function withCommonOptions(command: Command): Command {
  return addTargetOptions(command).option('--catalog-url <url>', 'catalog base URL (skips finding it from the deployed stage)');
}

async function clientFor(options: CommonOptions, onWarning?: (message: string) => void): Promise<DiscoveryClient> {
  const [{ locateCatalog }, { createDiscoveryClient }] = await Promise.all([import('../../discovery/locate.js'), import('../../discovery/index.js')]);
  const located = await locateCatalog(options);
  return createDiscoveryClient({ catalogUrl: located.catalogUrl, region: located.region, credentials: located.credentials, ...(onWarning ? { onWarning } : {}) });
}

function emit(options: CommonOptions, json: unknown, human: string): void {
  process.stdout.write(options.json ? `${JSON.stringify(json, null, 2)}\n` : `${human}\n`);
}

function parseWeight(value: string): number {
  const weight = Number(value);
  if (!Number.isFinite(weight) || weight < 0) throw new InvalidArgumentError('weight must be a non-negative number.');
  return weight;
}

function parseTtl(value: string): number {
  const ttl = Number(value);
  if (!Number.isInteger(ttl) || ttl < 0) throw new InvalidArgumentError('ttl must be a non-negative integer (seconds).');
  return ttl;
}
