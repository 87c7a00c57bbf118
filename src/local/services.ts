// Every emulated control-plane service, by signing name. DynamoDB (dynalite) and the
// execute-api data plane are mounted by the server itself.
import type { ServiceFactory } from './service.js';
import { createStsService } from './sts/index.js';
import { createIamService } from './iam/index.js';
import { createLogsService } from './logs/index.js';
import { createLambdaService } from './lambda/index.js';
import { createApiGatewayService } from './apigateway/index.js';
import { createEventsService } from './events/index.js';

/** Order matters: later services may use the ports of earlier ones (lambda uses iam and logs). */
export const serviceFactories: ServiceFactory[] = [
  createStsService,
  createIamService,
  createLogsService,
  createLambdaService,
  createApiGatewayService,
  createEventsService,
];
