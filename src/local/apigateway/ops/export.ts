// GetExport: JSON by default, YAML when the Accept header asks for application/yaml.
import { stringify as toYaml } from 'yaml';
import { badRequestError } from '../errors.js';
import { buildExport, type ExportKind } from '../export/build.js';
import { route, type Route } from '../router.js';
import type { OpsContext } from './context.js';

export function exportRoutes({ store }: OpsContext): Route[] {
  return [
    route('GET', '/restapis/{restapi_id}/stages/{stage_name}/exports/{export_type}', 'GetExport', (r) => {
      const api = store.api(r.params.restapi_id!);
      const stage = store.stage(api, r.params.stage_name!);
      const type = r.params.export_type!;
      if (type !== 'swagger' && type !== 'oas30') throw badRequestError(`Invalid export type '${type}': the local cloud exports swagger and oas30.`);
      const deployment = store.deployment(api, stage.deploymentId);
      const extensions = new Set(r.query.getAll('extensions').flatMap((e) => e.split(',')).map((e) => e.trim().toLowerCase()));
      const doc = buildExport(api, stage, deployment, { kind: type as ExportKind, extensions, region: r.req.region });
      const accept = String(r.req.headers.accept ?? 'application/json');
      const yaml = /yaml/i.test(accept);
      const file = `${api.name.replace(/[^a-zA-Z0-9_-]/g, '_')}-${stage.stageName}-${type}.${yaml ? 'yaml' : 'json'}`;
      return {
        raw: yaml ? toYaml(doc) : JSON.stringify(doc, null, 2),
        headers: {
          'content-type': yaml ? 'application/yaml' : 'application/json',
          'content-disposition': `attachment; filename="${file}"`,
        },
      };
    }),
  ];
}
