// MOCK integration: the request template renders {"statusCode": N}; N selects the integration
// response (by selectionPattern, else the default), whose template and parameters make the answer.
import type { Integration } from '../../apigateway/model.js';
import type { Invocation } from '../invocation.js';
import { GatewayError } from '../responses.js';
import type { GatewayResponse } from '../types.js';
import { renderIntegrationResponse, renderRequest, selectIntegrationResponse } from './mapping.js';

function mockStatus(rendered: string): number {
  const text = rendered.trim();
  if (text === '') return 200;
  try {
    const value = JSON.parse(text) as { statusCode?: unknown };
    const status = Number(value?.statusCode);
    return Number.isInteger(status) && status > 0 ? status : 200;
  } catch {
    // API Gateway reads statusCode leniently from templates that are not strict JSON.
    const m = /"?statusCode"?\s*:\s*"?(\d{3})/.exec(text);
    return m ? Number(m[1]) : 200;
  }
}

export function invokeMock(inv: Invocation, integration: Integration): GatewayResponse {
  const status = String(mockStatus(renderRequest(inv, integration)));
  const chosen = selectIntegrationResponse(integration, status) ?? integration.integrationResponses?.[status];
  if (!chosen) {
    throw new GatewayError('INTEGRATION_FAILURE', undefined, `MOCK integration answered status ${status} but no integration response matches it and there is no default response.`);
  }
  return renderIntegrationResponse(inv, chosen, { body: '', headers: {} });
}
