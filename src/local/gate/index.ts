// The gate in front of every request, before anything is parsed:
//  - Host must name this machine (loopback, localhost, *.localhost) or a host the user allowed;
//  - an Origin header (a web page) must be on the user's allow-list, except on the execute-api
//    data plane, which runs only what the user deployed and answers with its API's own CORS, and
//    the local cloud's own origin on /_local/* (the console's page);
//  - the control plane answers only SigV4-signed requests: an Authorization header (a browser
//    cannot send one cross-origin without a preflight, and no preflight is answered), or a
//    presigned query whose signature verifies against a known secret.
import type { IncomingMessage } from 'node:http';
import type { Clock } from '../context.js';
import type { CredentialLookup } from '../auth/sigv4/credentials.js';
import { hasPresignedQuery, isSigV4Authorization, SigV4Failure, verifySignedRequest } from '../auth/sigv4/verify.js';
import type { AwsResponse } from '../protocol/request.js';
import { isHostAllowed, normalizeHosts } from './host.js';
import { corsHeaders, isOriginAllowed, normalizeOrigin, normalizeOrigins, preflightHeaders } from './origin.js';
import { refusal, type WireShape } from './refusals.js';
import type { RequestTarget } from './request-target.js';

export type Plane = 'admin' | 'execute-api' | 'control';

export interface GateOptions {
  /** Extra Host names accepted besides loopback, localhost and *.localhost (--allow-host). */
  allowHosts?: readonly string[];
  /** Origins whose pages may call the control plane and admin routes (--allow-origin); "*" for any. */
  allowOrigins?: readonly string[];
  /** The local cloud's own origins (http://127.0.0.1:PORT, http://localhost:PORT): the console's page, admitted on /_local/*. */
  ownOrigins?: () => readonly string[];
}

export interface GateDecision {
  /** Send this instead of serving the request. */
  refusal?: AwsResponse;
  /** Headers to add to the answer (CORS for an allowed origin). */
  headers?: Record<string, string>;
  /** The control-plane request is presigned: call verifyPresigned once the body is read. */
  verifyPresigned?: boolean;
}

export interface Gate {
  screen(req: IncomingMessage, target: RequestTarget, plane: Plane, service: { name: string; shape: WireShape | undefined }): GateDecision;
  verifyPresigned(req: IncomingMessage, target: RequestTarget, body: Buffer, shape: WireShape): AwsResponse | undefined;
}

/** The wire shape to refuse in when the request names no known service (an unsigned browser request). */
function guessShape(req: IncomingMessage, target: RequestTarget): WireShape {
  const contentType = String(req.headers['content-type'] ?? '');
  if (target.searchParams.has('Action') || contentType.includes('x-www-form-urlencoded')) return 'query';
  return 'rest-json';
}

export function createGate(options: GateOptions, deps: { lookup: CredentialLookup; clock: Clock }): Gate {
  const hosts = normalizeHosts(options.allowHosts ?? []);
  const origins = normalizeOrigins(options.allowOrigins ?? []);

  return {
    screen(req, target, plane, service) {
      const shape = plane === 'control' ? service.shape ?? guessShape(req, target) : 'rest-json';
      const host = req.headers.host;
      if (!isHostAllowed(host, hosts)) {
        return { refusal: refusal(shape, 'forbidden', `The local cloud answers only requests addressed to this machine (127.0.0.1, [::1], localhost, *.localhost); Host ${host ?? '(none)'} is not one. To allow it, start with --allow-host ${host ? hostnameOrSelf(host) : 'HOST'} (or DISCOVERY_LOCAL_ALLOW_HOSTS).`) };
      }
      if (plane === 'execute-api') return {};

      const origin = req.headers.origin;
      let headers: Record<string, string> | undefined;
      if (origin !== undefined) {
        const own = plane === 'admin' && (options.ownOrigins?.() ?? []).includes(normalizeOrigin(origin));
        if (!own && !isOriginAllowed(origin, origins)) {
          return { refusal: refusal(shape, 'forbidden', `The local cloud refuses requests from web pages: Origin ${origin} is not allowed. To allow it, start with --allow-origin ${origin} (or DISCOVERY_LOCAL_ALLOW_ORIGINS).`) };
        }
        headers = corsHeaders(origin);
        if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
          const requested = req.headers['access-control-request-headers'];
          return { refusal: { status: 204, operation: 'Preflight', headers: preflightHeaders(origin, typeof requested === 'string' ? requested : undefined), body: '' } };
        }
      }
      if (plane === 'admin') return { headers };

      const authorization = req.headers.authorization;
      if (authorization !== undefined) {
        if (isSigV4Authorization(authorization)) return { headers };
        return { headers, refusal: refusal(shape, 'incomplete', "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.") };
      }
      const rawQuery = target.search.replace(/^\?/, '');
      if (!hasPresignedQuery(rawQuery)) return { headers, refusal: refusal(shape, 'missing', '') };
      // DynamoDB's body goes to dynalite as a stream, unread: it takes signed headers only (as its SDKs send).
      if (shape === 'dynamodb') return { headers, refusal: refusal(shape, 'missing', '', 'DynamoDB requests must carry an Authorization header.') };
      return { headers, verifyPresigned: true };
    },

    verifyPresigned(req, target, body, shape) {
      try {
        verifySignedRequest(
          { method: req.method ?? 'GET', rawPath: target.pathname, rawQuery: target.search.replace(/^\?/, ''), headers: req.headers, host: req.headers.host ?? '', body },
          deps.lookup,
          { nowMs: deps.clock.now() },
        );
        return undefined;
      } catch (err) {
        if (!(err instanceof SigV4Failure)) throw err;
        return refusal(shape, err.kind, err.message, err.detail);
      }
    },
  };
}

const hostnameOrSelf = (host: string) => host.replace(/:\d+$/, '');
