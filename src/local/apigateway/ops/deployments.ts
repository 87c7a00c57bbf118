// Deployments (frozen snapshots the data plane serves) and the stages that point at them.
import { badRequestError, conflictError } from '../errors.js';
import { newId } from '../ids.js';
import type { Deployment, RestApi, Stage } from '../model.js';
import { optionalValue, patchOperations, unsupportedPatch, type PatchOperation } from '../patch.js';
import { page, route, type OpRequest, type Route } from '../router.js';
import { deploymentView, stageView } from '../view.js';
import { str, stringRecord, type OpsContext } from './context.js';
import { patchStage } from './stage-patch.js';

const STAGE_NAME = /^[a-zA-Z0-9_-]+$/;
const VARIABLE_NAME = /^[a-zA-Z0-9_]+$/;

export function deploymentRoutes({ ctx, store, quota }: OpsContext): Route[] {
  function snapshotOf(api: RestApi): Deployment['snapshot'] {
    const methods = Object.values(api.resources).flatMap((res) => Object.values(res.resourceMethods).map((m) => ({ res, m })));
    if (!methods.length) throw badRequestError("The REST API doesn't contain any methods");
    const bare = methods.find(({ m }) => !m.methodIntegration);
    if (bare) throw badRequestError(`No integration defined for method ${bare.m.httpMethod} ${bare.res.path}: add one (PutIntegration or x-amazon-apigateway-integration) before deploying.`);
    return structuredClone({
      resources: api.resources,
      models: api.models,
      requestValidators: api.requestValidators,
      policy: api.policy,
      apiKeySource: api.apiKeySource,
      binaryMediaTypes: api.binaryMediaTypes,
      authorizers: api.authorizers,
      gatewayResponses: api.gatewayResponses,
    });
  }

  function newStage(name: string, deploymentId: string, body: Record<string, unknown>, descriptionField: string): Stage {
    if (!STAGE_NAME.test(name)) throw badRequestError(`Invalid stage name '${name}': stage names only allow a-zA-Z0-9_-.`);
    const now = store.nowSeconds();
    return {
      stageName: name,
      deploymentId,
      description: str(body[descriptionField]),
      variables: variablesOf(body.variables),
      methodSettings: {},
      cacheClusterEnabled: body.cacheClusterEnabled === true,
      cacheClusterSize: str(body.cacheClusterSize),
      cacheClusterStatus: body.cacheClusterEnabled === true ? 'AVAILABLE' : 'NOT_AVAILABLE',
      tracingEnabled: body.tracingEnabled === true,
      tags: stringRecord(body.tags),
      createdDate: now,
      lastUpdatedDate: now,
    };
  }

  const apiOf = (r: OpRequest) => store.api(r.params.restapi_id!);

  return [
    route('POST', '/restapis/{restapi_id}/deployments', 'CreateDeployment', (r) => {
      const api = apiOf(r);
      quota.check('CreateDeployment', `${ctx.accountId}:${r.req.region}`);
      const body = r.json();
      const snapshot = snapshotOf(api);
      const stageName = str(body.stageName);
      if (stageName !== undefined && !STAGE_NAME.test(stageName)) throw badRequestError(`Invalid stage name '${stageName}': stage names only allow a-zA-Z0-9_-.`);
      const variables = variablesOf(body.variables);
      const deployment: Deployment = { id: newId(), description: str(body.description), createdDate: store.nowSeconds(), snapshot };
      api.deployments[deployment.id] = deployment;
      if (stageName) {
        const existing = api.stages[stageName];
        if (existing) {
          // Redeploying keeps the stage's variables and settings; given variables are set on top.
          existing.deploymentId = deployment.id;
          Object.assign(existing.variables, variables);
          if (str(body.stageDescription) !== undefined) existing.description = str(body.stageDescription);
          existing.lastUpdatedDate = store.nowSeconds();
        } else {
          api.stages[stageName] = newStage(stageName, deployment.id, body, 'stageDescription');
        }
      }
      store.save();
      return { status: 201, body: deploymentView(deployment, false) };
    }),
    route('GET', '/restapis/{restapi_id}/deployments', 'GetDeployments', (r) => {
      const deployments = Object.values(apiOf(r).deployments).sort((a, b) => a.createdDate - b.createdDate);
      return { body: page(deployments.map((d) => deploymentView(d, false)), r.query) };
    }),
    route('GET', '/restapis/{restapi_id}/deployments/{deployment_id}', 'GetDeployment', (r) => {
      const deployment = store.deployment(apiOf(r), r.params.deployment_id!);
      return { body: deploymentView(deployment, r.query.getAll('embed').join(',').includes('apisummary')) };
    }),
    route('PATCH', '/restapis/{restapi_id}/deployments/{deployment_id}', 'UpdateDeployment', (r) => {
      const deployment = store.deployment(apiOf(r), r.params.deployment_id!);
      for (const op of patchOperations(r.json())) {
        if (op.path !== '/description') throw unsupportedPatch(op, `deployment ${deployment.id}`);
        deployment.description = optionalValue(op);
      }
      store.save();
      return { body: deploymentView(deployment, false) };
    }),
    route('DELETE', '/restapis/{restapi_id}/deployments/{deployment_id}', 'DeleteDeployment', (r) => {
      const api = apiOf(r);
      const deployment = store.deployment(api, r.params.deployment_id!);
      const users = Object.values(api.stages).filter((s) => s.deploymentId === deployment.id).map((s) => s.stageName);
      if (users.length) {
        throw badRequestError(`Active stages pointing to this deployment must be moved or deleted (stages: ${users.join(', ')}).`);
      }
      delete api.deployments[deployment.id];
      store.save();
      return { status: 202 };
    }),

    route('POST', '/restapis/{restapi_id}/stages', 'CreateStage', (r) => {
      const api = apiOf(r);
      const body = r.json();
      const stageName = str(body.stageName);
      const deploymentId = str(body.deploymentId);
      if (!stageName) throw badRequestError('CreateStage needs a "stageName".');
      if (!deploymentId) throw badRequestError('CreateStage needs a "deploymentId".');
      store.deployment(api, deploymentId);
      if (api.stages[stageName]) throw conflictError('Stage already exists');
      const stage = newStage(stageName, deploymentId, body, 'description');
      api.stages[stageName] = stage;
      store.save();
      return { status: 201, body: stageView(stage) };
    }),
    route('GET', '/restapis/{restapi_id}/stages', 'GetStages', (r) => {
      const deploymentId = r.query.get('deploymentId');
      const stages = Object.values(apiOf(r).stages).filter((s) => !deploymentId || s.deploymentId === deploymentId);
      return { body: { item: stages.map(stageView) } };
    }),
    route('GET', '/restapis/{restapi_id}/stages/{stage_name}', 'GetStage', (r) => ({
      body: stageView(store.stage(apiOf(r), r.params.stage_name!)),
    })),
    route('PATCH', '/restapis/{restapi_id}/stages/{stage_name}', 'UpdateStage', (r) => {
      const api = apiOf(r);
      const stage = store.stage(api, r.params.stage_name!);
      const draft = structuredClone(stage);
      const ops: PatchOperation[] = patchOperations(r.json());
      for (const op of ops) {
        patchStage(draft, op, (id) => {
          store.deployment(api, id);
        });
      }
      // As AWS: a stage may only start writing logs once the account has a CloudWatch role.
      if (!store.data.account?.cloudwatchRoleArn && startsLogging(stage, draft)) {
        throw badRequestError('CloudWatch Logs role ARN must be set in account settings to enable logging');
      }
      draft.lastUpdatedDate = store.nowSeconds();
      api.stages[stage.stageName] = draft;
      store.save();
      return { body: stageView(draft) };
    }),
    route('DELETE', '/restapis/{restapi_id}/stages/{stage_name}', 'DeleteStage', (r) => {
      const api = apiOf(r);
      const stage = store.stage(api, r.params.stage_name!);
      delete api.stages[stage.stageName];
      store.save();
      return { status: 202 };
    }),
  ];
}

function variablesOf(value: unknown): Record<string, string> {
  const variables = stringRecord(value);
  const bad = Object.keys(variables).find((name) => !VARIABLE_NAME.test(name));
  if (bad !== undefined) throw badRequestError(`Invalid stage variable name '${bad}': names only allow a-zA-Z0-9_.`);
  return variables;
}

const writesLogs = (stage: Stage) =>
  Boolean(stage.accessLogSettings?.destinationArn) || Object.values(stage.methodSettings).some((m) => m.loggingLevel && m.loggingLevel !== 'OFF');

function startsLogging(before: Stage, after: Stage): boolean {
  return writesLogs(after) && !writesLogs(before);
}
