// Typed failures of the discovery client: callers branch on the class, users read the message.

export class DiscoveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The catalog answered 404: no such service version, or its lease has expired. */
export class ServiceNotFoundError extends DiscoveryError {
  constructor(readonly serviceName: string, readonly serviceVersion: string | undefined, readonly catalogUrl: string) {
    super(
      serviceVersion === undefined
        ? `Service "${serviceName}" is not registered in the catalog at ${catalogUrl}.`
        : `Service "${serviceName}" version "${serviceVersion}" is not registered in the catalog at ${catalogUrl} (or its lease has expired). ` +
            `Check the name and version with \`discovery-cli services ${serviceName}\`.`,
    );
  }
}

/** The catalog could not be reached, or answered 5xx, and no cached answer could stand in. */
export class CatalogUnavailableError extends DiscoveryError {
  constructor(readonly catalogUrl: string, readonly status: number | undefined, detail: string, options?: { cause?: unknown }) {
    super(`The catalog at ${catalogUrl} is unavailable (${detail}). Check the URL and that the catalog API is deployed.`, options);
  }
}

/** The catalog refused the request's signature or credentials (403). */
export class CatalogAuthorizationError extends DiscoveryError {
  constructor(readonly catalogUrl: string, readonly status: number, readonly detail: string) {
    super(
      `The catalog at ${catalogUrl} refused the signed request (${status}: ${detail}). ` +
        'Check the AWS credentials (profile, environment) and that their identity may call execute-api:Invoke on the registration routes.',
    );
  }
}

/** The catalog rejected the request as malformed (400) or answered something unexpected. */
export class CatalogRequestError extends DiscoveryError {
  constructor(readonly catalogUrl: string, readonly status: number, readonly detail: string) {
    super(`The catalog at ${catalogUrl} rejected the request (${status}: ${detail}).`);
  }
}

/** The service's own endpoint failed to answer in `call` (every instance tried, when there were several). */
export class ServiceCallError extends DiscoveryError {
  constructor(readonly url: string, cause: unknown, readonly attempts = 1) {
    super(`Calling ${url} failed${attempts > 1 ? ` (the last of ${attempts} instances tried)` : ''}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
