// The one door to AWS: typed clients configured for the target, and `call`, which every request
// goes through for retries by error class, actionable errors and the call log.
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import { CallLog } from './call-log.js';
import { describeAwsError, isNotFound } from './errors.js';
import { DEFAULT_RETRY_POLICY, systemRetryClock, withRetries, type RetryClock, type RetryContext, type RetryPolicy } from './retry.js';
import type { Target } from './target.js';
import { traceMiddleware, type TraceSink } from './trace.js';

export interface AwsOptions {
  clock?: RetryClock;
  random?: () => number;
  retryPolicy?: Partial<RetryPolicy>;
  /** Attempts of the SDK's own standard retry strategy (short delays) under ours. Default 3. */
  sdkMaxAttempts?: number;
  /** SDK waiter limits (seconds). */
  waiter?: { minDelay: number; maxWaitTime: number };
  onRetry?: RetryContext['onRetry'];
  /** Told of every request any client sends (--verbose). */
  trace?: TraceSink;
}

export interface CallOptions {
  /** Wait for an update in progress before retrying a conflict. */
  onConflict?: () => Promise<void>;
}

interface Clients {
  iam: IAMClient;
  lambda: LambdaClient;
  apigateway: APIGatewayClient;
  dynamodb: DynamoDBClient;
  sts: STSClient;
  events: EventBridgeClient;
  logs: CloudWatchLogsClient;
}

export class Aws {
  readonly log = new CallLog();
  readonly retry: RetryContext;
  readonly waiter: { minDelay: number; maxWaitTime: number };
  private readonly clients: Partial<Clients> = {};

  constructor(readonly target: Target, private readonly options: AwsOptions = {}) {
    this.retry = {
      clock: options.clock ?? systemRetryClock,
      random: options.random ?? Math.random,
      policy: { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy },
      onRetry: options.onRetry,
    };
    this.waiter = options.waiter ?? { minDelay: 1, maxWaitTime: 300 };
  }

  private config() {
    const t = this.target;
    return {
      region: t.region,
      endpoint: t.endpointUrl,
      credentials: t.credentials ?? (t.profile ? fromIni({ profile: t.profile }) : undefined),
      ...(t.profile ? { profile: t.profile } : {}),
      // The AWS CLI's connect and read timeouts: an endpoint that accepts and never answers fails
      // the call instead of hanging the deploy.
      requestHandler: { connectionTimeout: t.timeouts.connectMs, socketTimeout: t.timeouts.readMs },
      maxAttempts: this.options.sdkMaxAttempts ?? 3,
      retryMode: 'standard',
    };
  }

  private client<K extends keyof Clients>(key: K, make: () => Clients[K]): Clients[K] {
    const existing = this.clients[key];
    if (existing) return existing as Clients[K];
    const client = make();
    // On the client itself, so waiters and paginators that send through it are traced too.
    if (this.options.trace) (client.middlewareStack as { use(p: unknown): void }).use(traceMiddleware(key, this.options.trace));
    this.clients[key] = client;
    return client;
  }

  get iam(): IAMClient { return this.client('iam', () => new IAMClient(this.config())); }
  get lambda(): LambdaClient { return this.client('lambda', () => new LambdaClient(this.config())); }
  get apigateway(): APIGatewayClient { return this.client('apigateway', () => new APIGatewayClient(this.config())); }
  get dynamodb(): DynamoDBClient { return this.client('dynamodb', () => new DynamoDBClient(this.config())); }
  get sts(): STSClient { return this.client('sts', () => new STSClient(this.config())); }
  get events(): EventBridgeClient { return this.client('events', () => new EventBridgeClient(this.config())); }
  get logs(): CloudWatchLogsClient { return this.client('logs', () => new CloudWatchLogsClient(this.config())); }

  /**
   * One AWS request: operation is the IAM action ("lambda:CreateFunction"), resource what it acts
   * on (named in errors). Retried by error class; failures become actionable AwsCallErrors.
   */
  async call<T>(operation: string, resource: string | undefined, fn: () => Promise<T>, options: CallOptions = {}): Promise<T> {
    try {
      return await withRetries(() => this.log.track(operation, resource, fn), this.retry, { onConflict: options.onConflict });
    } catch (err) {
      throw describeAwsError(err, { operation, resource, endpointUrl: this.target.endpointUrl });
    }
  }

  /** A read whose NotFound means "absent": undefined instead of an error. */
  async find<T>(operation: string, resource: string | undefined, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await this.call(operation, resource, fn);
    } catch (err) {
      if (isNotFound((err as { cause?: unknown }).cause ?? err)) return undefined;
      throw err;
    }
  }

  /** A delete where "already gone" counts as done. Returns false when it was gone. */
  async remove(operation: string, resource: string | undefined, fn: () => Promise<unknown>, options: CallOptions = {}): Promise<boolean> {
    try {
      await this.call(operation, resource, fn, options);
      return true;
    } catch (err) {
      if (isNotFound((err as { cause?: unknown }).cause ?? err)) return false;
      throw err;
    }
  }

  destroy(): void {
    for (const client of Object.values(this.clients)) client?.destroy();
  }
}
