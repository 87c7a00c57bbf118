// API Gateway (REST API) state, shared by the control plane (this folder) and the data plane
// (../gateway). Field names follow the API Gateway REST API shapes so responses are
// mostly these objects as they are.

export interface IntegrationResponse {
  statusCode: string;
  selectionPattern?: string;
  responseParameters?: Record<string, string>;
  /** An empty template is kept as null, as AWS answers it. */
  responseTemplates?: Record<string, string | null>;
  contentHandling?: string;
}

export interface Integration {
  type: 'AWS' | 'AWS_PROXY' | 'MOCK' | 'HTTP' | 'HTTP_PROXY';
  httpMethod?: string;
  /** May contain ${stageVariables.x}. */
  uri?: string;
  credentials?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string>;
  passthroughBehavior?: 'WHEN_NO_MATCH' | 'WHEN_NO_TEMPLATES' | 'NEVER';
  contentHandling?: string;
  timeoutInMillis?: number;
  cacheNamespace?: string;
  cacheKeyParameters?: string[];
  /** VPC_LINK integrations name their link (often ${stageVariables.x}). */
  connectionType?: string;
  connectionId?: string;
  /** Keyed by statusCode, as API Gateway returns them. */
  integrationResponses?: Record<string, IntegrationResponse>;
}

export interface MethodResponse {
  statusCode: string;
  responseParameters?: Record<string, boolean>;
  responseModels?: Record<string, string>;
}

export interface Method {
  httpMethod: string;
  /** NONE | AWS_IAM | CUSTOM | COGNITO_USER_POOLS */
  authorizationType: string;
  authorizerId?: string;
  authorizationScopes?: string[];
  apiKeyRequired: boolean;
  requestValidatorId?: string;
  operationName?: string;
  requestParameters?: Record<string, boolean>;
  /** content type -> model name */
  requestModels?: Record<string, string>;
  methodResponses?: Record<string, MethodResponse>;
  methodIntegration?: Integration;
}

export interface Resource {
  id: string;
  parentId?: string;
  /** Last segment, e.g. "{serviceName}" or "{proxy+}"; undefined for the root. */
  pathPart?: string;
  /** Full path, "/" for the root. */
  path: string;
  /** Keyed by HTTP method (GET, POST, ANY, ...). */
  resourceMethods: Record<string, Method>;
}

export interface Model {
  id: string;
  name: string;
  description?: string;
  /** JSON Schema text, as API Gateway stores it. */
  schema?: string;
  contentType: string;
}

export interface RequestValidator {
  id: string;
  name: string;
  validateRequestBody: boolean;
  validateRequestParameters: boolean;
}

export interface RestApi {
  id: string;
  name: string;
  /** Region of the control-plane call that made it: the data plane's execute-api ARNs name it. */
  region?: string;
  description?: string;
  version?: string;
  createdDate: number;
  apiKeySource: 'HEADER' | 'AUTHORIZER';
  endpointConfiguration: { types: string[]; ipAddressType?: string };
  /** Resource policy JSON text (x-amazon-apigateway-policy). */
  policy?: string;
  binaryMediaTypes?: string[];
  minimumCompressionSize?: number;
  disableExecuteApiEndpoint?: boolean;
  warnings?: string[];
  tags: Record<string, string>;
  rootResourceId: string;
  resources: Record<string, Resource>;
  models: Record<string, Model>;
  requestValidators: Record<string, RequestValidator>;
  /** The source document last imported/put, kept for GetExport fidelity. */
  definition?: unknown;
  deployments: Record<string, Deployment>;
  stages: Record<string, Stage>;
  /** Lambda (TOKEN, REQUEST) and Cognito authorizers by id; absent on APIs stored before they existed. */
  authorizers?: Record<string, Authorizer>;
  /** Customised gateway responses by responseType; the defaults are not stored. */
  gatewayResponses?: Record<string, GatewayResponseSetting>;
}

export interface Authorizer {
  id: string;
  name: string;
  type: 'TOKEN' | 'REQUEST' | 'COGNITO_USER_POOLS';
  providerARNs?: string[];
  authType?: string;
  authorizerUri?: string;
  authorizerCredentials?: string;
  /** e.g. "method.request.header.Authorization", comma-separated for REQUEST. */
  identitySource?: string;
  identityValidationExpression?: string;
  authorizerResultTtlInSeconds?: number;
}

export interface GatewayResponseSetting {
  responseType: string;
  statusCode?: string;
  responseParameters: Record<string, string>;
  responseTemplates: Record<string, string>;
}

export interface Deployment {
  id: string;
  description?: string;
  createdDate: number;
  /** Frozen copy of the API's resources, models and validators at deployment time: what stages serve. */
  snapshot: {
    resources: Record<string, Resource>;
    models: Record<string, Model>;
    requestValidators: Record<string, RequestValidator>;
    policy?: string;
    apiKeySource: 'HEADER' | 'AUTHORIZER';
    binaryMediaTypes?: string[];
    authorizers?: Record<string, Authorizer>;
    gatewayResponses?: Record<string, GatewayResponseSetting>;
  };
}

export interface MethodSetting {
  metricsEnabled?: boolean;
  loggingLevel?: string;
  dataTraceEnabled?: boolean;
  throttlingBurstLimit?: number;
  throttlingRateLimit?: number;
  cachingEnabled?: boolean;
  cacheTtlInSeconds?: number;
  cacheDataEncrypted?: boolean;
  requireAuthorizationForCacheControl?: boolean;
  unauthorizedCacheControlHeaderStrategy?: string;
}

export interface Stage {
  stageName: string;
  deploymentId: string;
  description?: string;
  variables: Record<string, string>;
  /** Keyed "resourcePath/httpMethod" with "~1" for "/", or "*\/*" for all. */
  methodSettings: Record<string, MethodSetting>;
  cacheClusterEnabled: boolean;
  cacheClusterSize?: string;
  cacheClusterStatus?: string;
  accessLogSettings?: { destinationArn?: string; format?: string };
  tracingEnabled?: boolean;
  tags: Record<string, string>;
  createdDate: number;
  lastUpdatedDate: number;
}

export interface ApiKey {
  id: string;
  name: string;
  description?: string;
  value: string;
  customerId?: string;
  enabled: boolean;
  createdDate: number;
  lastUpdatedDate: number;
  stageKeys: string[];
  tags: Record<string, string>;
}

export interface UsagePlan {
  id: string;
  name: string;
  description?: string;
  apiStages: { apiId: string; stage: string; throttle?: Record<string, { burstLimit?: number; rateLimit?: number }> }[];
  throttle?: { burstLimit?: number; rateLimit?: number };
  quota?: { limit: number; offset?: number; period: 'DAY' | 'WEEK' | 'MONTH' };
  tags: Record<string, string>;
  /** Key ids bound by CreateUsagePlanKey. */
  keyIds: string[];
}

export interface ApiGatewayData {
  restApis: Record<string, RestApi>;
  apiKeys: Record<string, ApiKey>;
  usagePlans: Record<string, UsagePlan>;
  /** Account settings (UpdateAccount); cloudwatchRoleArn enables stage access logging. */
  account?: { cloudwatchRoleArn?: string };
}

export const emptyApiGatewayData = (): ApiGatewayData => ({ restApis: {}, apiKeys: {}, usagePlans: {} });
