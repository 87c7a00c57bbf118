// STS, as the engine uses it.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { service } from './service.js';

export const sts = service({ client: (aws) => aws.sts, operations: { GetCallerIdentity: GetCallerIdentityCommand } });
