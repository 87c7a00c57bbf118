// The API Gateway state (persisted) with lookups that answer API Gateway's NotFound errors.
import type { CloudContext } from '../context.js';
import { PersistentState } from '../persist.js';
import { AwsServiceError } from '../protocol/errors.js';
import { notFoundError } from './errors.js';
import {
  emptyApiGatewayData,
  type ApiGatewayData,
  type ApiKey,
  type Deployment,
  type Method,
  type Resource,
  type RestApi,
  type Stage,
  type UsagePlan,
} from './model.js';

export class ApiGatewayStore {
  private readonly state: PersistentState<ApiGatewayData>;

  constructor(readonly ctx: CloudContext) {
    this.state = new PersistentState(ctx.stateDir, 'apigateway', emptyApiGatewayData);
  }

  /** The live document; the data plane holds this same object, so it is never replaced. */
  get data(): ApiGatewayData {
    return this.state.data;
  }

  /** The same document without change tracking: the data plane only reads it, at full speed. */
  get untrackedData(): ApiGatewayData {
    return this.state.untracked;
  }

  save(): void {
    this.state.save();
  }

  /** Epoch seconds, as API Gateway's timestamps travel on the wire. */
  nowSeconds(): number {
    return Math.floor(this.ctx.clock.now() / 1000);
  }

  api(id: string): RestApi {
    const api = this.data.restApis[id];
    if (!api) throw new AwsServiceError('NotFoundException', `Invalid API identifier specified ${this.ctx.accountId}:${id}`, 404);
    return api;
  }

  resource(api: RestApi, id: string): Resource {
    const resource = api.resources[id];
    if (!resource) throw notFoundError('Resource', id);
    return resource;
  }

  method(resource: Resource, httpMethod: string): Method {
    const method = resource.resourceMethods[httpMethod.toUpperCase()];
    if (!method) throw notFoundError('Method', `${httpMethod.toUpperCase()} on ${resource.path}`);
    return method;
  }

  stage(api: RestApi, name: string): Stage {
    const stage = api.stages[name];
    if (!stage) throw notFoundError('Stage', name);
    return stage;
  }

  deployment(api: RestApi, id: string): Deployment {
    const deployment = api.deployments[id];
    if (!deployment) throw notFoundError('Deployment', id);
    return deployment;
  }

  apiKey(id: string): ApiKey {
    const key = this.data.apiKeys[id];
    if (!key) throw notFoundError('API Key', id);
    return key;
  }

  usagePlan(id: string): UsagePlan {
    const plan = this.data.usagePlans[id];
    if (!plan) throw notFoundError('Usage Plan', id);
    return plan;
  }
}
