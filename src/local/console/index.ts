// The local console: a page at /_local/console (bundled from ui/) and the JSON it reads under
// /_local/console/api/, answered from the services' in-process ports, same-origin only (guard.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CloudContext } from '../context.js';
import type { Gateway } from '../gateway/index.js';
import type { RequestTarget } from '../gate/request-target.js';
import { DynamoDbCallError } from '../dynamodb/direct.js';
import { safeDecode } from '../protocol/request.js';
import { ASSET_PREFIX, sendAsset, sendPage } from './assets.js';
import { readCatalogs } from './data/catalog.js';
import { listApis } from './data/apis.js';
import { listFunctions, recentInvocations } from './data/functions.js';
import { keysAndPlans } from './data/keys.js';
import { deleteItem, describeTable, listTables, putItem, queryItems, scanItems, type ItemQuery } from './data/tables.js';
import { checkSameOrigin } from './guard.js';
import { ConsoleRequestError, readJson, sendError, sendJson } from './http.js';
import { sendToStage } from './send-request.js';

export const CONSOLE_PATH = '/_local/console';
const API_PREFIX = `${CONSOLE_PATH}/api/`;

export interface ConsoleDeps {
  ctx: CloudContext;
  gateway: Gateway;
  /** The local cloud's own origins, known once it listens. */
  ownOrigins: () => readonly string[];
  /** Adds a request the console sent to an API to the call log, as one from the network is. */
  recordCall: (call: { service: string; operation: string; status: number; ms: number }) => void;
}

export interface LocalConsole {
  /** True when the path is the console's (it has then answered). */
  handle(req: IncomingMessage, res: ServerResponse, url: RequestTarget): Promise<boolean>;
}

type Handler = (req: IncomingMessage, params: string[], url: RequestTarget) => Promise<unknown> | unknown;

export function createConsole(deps: ConsoleDeps): LocalConsole {
  const { ctx } = deps;
  const routes: [method: string, pattern: RegExp, handler: Handler][] = [
    ['GET', /^overview$/, () => ({ url: ctx.url, region: ctx.defaultRegion, accountId: ctx.accountId, now: ctx.clock.now() })],
    ['GET', /^functions$/, () => listFunctions(ctx)],
    ['GET', /^functions\/([^/]+)\/invocations$/, (_req, [name], url) => recentInvocations(ctx, name!, limitOf(url, 20))],
    ['GET', /^apis$/, () => listApis(ctx)],
    ['POST', /^apis\/([^/]+)\/stages\/([^/]+)\/request$/, async (req, [apiId, stage]) => {
      const sent = await readJson(req);
      const answer = await sendToStage(ctx, deps.gateway, apiId!, stage!, sent);
      const { method = 'GET', path = '/' } = sent as { method?: string; path?: string };
      deps.recordCall({ service: 'execute-api', operation: `${String(method).toUpperCase()} ${stage}${path} (console)`, status: answer.status, ms: answer.ms });
      return answer;
    }],
    ['GET', /^tables$/, () => listTables(ctx)],
    ['GET', /^tables\/([^/]+)$/, (_req, [name]) => describeTable(ctx, name!)],
    ['GET', /^tables\/([^/]+)\/items$/, (_req, [name], url) => scanItems(ctx, name!, url.searchParams.get('start') ?? undefined)],
    ['POST', /^tables\/([^/]+)\/query$/, async (req, [name]) => queryItems(ctx, name!, (await readJson(req)) as ItemQuery)],
    ['PUT', /^tables\/([^/]+)\/items$/, async (req, [name]) => {
      await putItem(ctx, name!, ((await readJson(req)) as { item?: unknown }).item);
      return { ok: true };
    }],
    ['DELETE', /^tables\/([^/]+)\/items$/, async (req, [name]) => {
      await deleteItem(ctx, name!, ((await readJson(req)) as { key?: unknown }).key);
      return { ok: true };
    }],
    ['GET', /^keys$/, () => keysAndPlans(ctx, deps.gateway.usage())],
    ['GET', /^catalog$/, () => readCatalogs(ctx)],
  ];

  return {
    async handle(req, res, url) {
      const path = url.pathname;
      if (path !== CONSOLE_PATH && !path.startsWith(`${CONSOLE_PATH}/`)) return false;
      if (path === CONSOLE_PATH || path === `${CONSOLE_PATH}/`) {
        if (req.method !== 'GET' && req.method !== 'HEAD') sendError(res, 405, 'MethodNotAllowed', 'The console page answers GET.');
        else sendPage(res);
        return true;
      }
      if (path.startsWith(ASSET_PREFIX)) {
        if (!(await sendAsset(res, path.slice(ASSET_PREFIX.length)))) sendError(res, 404, 'NotFound', `No console file ${path}.`);
        return true;
      }
      if (!path.startsWith(API_PREFIX)) {
        sendError(res, 404, 'NotFound', `No console page ${path}: open ${CONSOLE_PATH}.`);
        return true;
      }
      const verdict = checkSameOrigin(req, deps.ownOrigins());
      if (!verdict.ok) {
        sendError(res, 403, 'Forbidden', verdict.message!);
        return true;
      }
      const rest = path.slice(API_PREFIX.length);
      const matching = routes.filter(([, pattern]) => pattern.test(rest));
      const route = matching.find(([method]) => method === req.method);
      if (!route) {
        if (matching.length) sendError(res, 405, 'MethodNotAllowed', `${rest} answers ${matching.map(([m]) => m).join(', ')}.`);
        else sendError(res, 404, 'NotFound', `No console endpoint ${req.method} ${path}.`);
        return true;
      }
      const params = route[1].exec(rest)!.slice(1).map(safeDecode);
      try {
        sendJson(res, 200, await route[2](req, params, url));
      } catch (err) {
        if (err instanceof ConsoleRequestError) sendError(res, err.status, err.code, err.message);
        else if (err instanceof DynamoDbCallError) sendError(res, err.status >= 500 ? 502 : 400, err.code, err.message);
        else sendError(res, 500, 'InternalFailure', err instanceof Error ? err.message : String(err));
      }
      return true;
    },
  };
}

function limitOf(url: RequestTarget, fallback: number): number {
  const n = Number(url.searchParams.get('limit'));
  return Number.isInteger(n) && n > 0 && n <= 200 ? n : fallback;
}
