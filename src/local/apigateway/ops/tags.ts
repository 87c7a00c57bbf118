// Tags on REST APIs, stages, API keys and usage plans, addressed by their ARNs:
// arn:aws:apigateway:REGION::/restapis/ID[/stages/NAME], ::/apikeys/ID, ::/usageplans/ID.
import { badRequestError } from '../errors.js';
import { route, type Route } from '../router.js';
import { stringRecord, type OpsContext } from './context.js';

const ARN = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]*::(\/.+)$/;

export function tagRoutes({ store }: OpsContext): Route[] {
  function tagsOf(arn: string): Record<string, string> {
    const match = ARN.exec(arn);
    const parts = match ? match[1]!.split('/').filter(Boolean) : [];
    if (parts[0] === 'restapis' && parts.length === 2) return store.api(parts[1]!).tags;
    if (parts[0] === 'restapis' && parts.length === 4 && parts[2] === 'stages') return store.stage(store.api(parts[1]!), parts[3]!).tags;
    if (parts[0] === 'apikeys' && parts.length === 2) return store.apiKey(parts[1]!).tags;
    if (parts[0] === 'usageplans' && parts.length === 2) return store.usagePlan(parts[1]!).tags;
    throw badRequestError(
      `Invalid resource ARN '${arn}': tags apply to arn:aws:apigateway:REGION::/restapis/ID, .../restapis/ID/stages/NAME, ::/apikeys/ID or ::/usageplans/ID.`,
    );
  }

  return [
    route('GET', '/tags/{resource_arn}', 'GetTags', (r) => ({ body: { tags: tagsOf(r.params.resource_arn!) } })),
    route('PUT', '/tags/{resource_arn}', 'TagResource', (r) => {
      const tags = tagsOf(r.params.resource_arn!);
      const incoming = stringRecord(r.json().tags);
      const reserved = Object.keys(incoming).find((k) => k.toLowerCase().startsWith('aws:'));
      if (reserved) throw badRequestError(`Invalid tag key '${reserved}': keys starting with "aws:" are reserved.`);
      Object.assign(tags, incoming);
      store.save();
      return { status: 204 };
    }),
    route('DELETE', '/tags/{resource_arn}', 'UntagResource', (r) => {
      const tags = tagsOf(r.params.resource_arn!);
      for (const key of r.query.getAll('tagKeys').flatMap((k) => k.split(','))) delete tags[key];
      store.save();
      return { status: 204 };
    }),
  ];
}
