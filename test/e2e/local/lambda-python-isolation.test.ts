// Python handlers see what Lambda's Python runtime gives them, not the host's site-packages:
// the standard library, boto3 and its dependencies, and the function's own package. The host
// has moto and PyYAML installed (it runs the conformance suite); a handler must not find them.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { startTestCloud, type TestCloud } from '../../helpers/local-cloud.js';
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { createLambdaRole, decode } from '../../helpers/aws-fixtures.js';
import { makeZip } from '../../helpers/zip.js';

const HANDLER = `import importlib, sys

import boto3
import mylib


def handler(event, context):
    results = {}
    for name in event["modules"]:
        try:
            importlib.import_module(name)
            results[name] = "ok"
        except ImportError as err:
            results[name] = type(err).__name__
    return {"results": results, "boto3": boto3.__version__, "mine": mylib.VALUE,
            "site": [p for p in sys.path if "site-packages" in p or "dist-packages" in p]}
`;

const hostPython = execFileSync('python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).trim();
/** A Python runtime the host's python3 is not (3.12 on a host with 3.11). */
const otherRuntime = hostPython === '3.12' ? 'python3.13' : 'python3.12';

describe('Python handlers isolated from the host', () => {
  let cloud: TestCloud;
  let lambda: LambdaClient;
  let role: string;
  const notices: string[] = [];

  beforeAll(async () => {
    cloud = await startTestCloud({ faults: { lambdaStateDelayMs: 0 }, runtimes: { notice: (line) => notices.push(line) } });
    lambda = new LambdaClient(cloud.clientConfig);
    role = await createLambdaRole(cloud, 'python-isolation');
  });
  afterAll(async () => {
    await cloud.dispose();
  });

  const deploy = async (name: string, runtime: string) => {
    await lambda.send(new CreateFunctionCommand({
      FunctionName: name, Runtime: runtime, Role: role, Handler: 'app.handler',
      Code: { ZipFile: makeZip({ 'app.py': HANDLER, 'mylib/__init__.py': 'VALUE = "from the zip"\n' }) },
    }));
  };
  const invoke = async (name: string, modules: string[]) => {
    const answer = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: JSON.stringify({ modules }) }));
    expect(answer.FunctionError, JSON.stringify(decode(answer.Payload))).toBeUndefined();
    return decode(answer.Payload) as { results: Record<string, string>; boto3: string; mine: string; site: string[] };
  };

  it('imports boto3, its dependencies, the standard library and its own package; not yaml, moto or other host packages', async () => {
    await deploy('isolated', `python${hostPython}`);
    const answer = await invoke('isolated', ['boto3', 'botocore', 's3transfer', 'jmespath', 'dateutil', 'urllib3', 'six', 'json', 'sqlite3', 'yaml', 'moto', 'flask', 'werkzeug']);
    expect(answer.results).toEqual({
      boto3: 'ok', botocore: 'ok', s3transfer: 'ok', jmespath: 'ok', dateutil: 'ok', urllib3: 'ok', six: 'ok', json: 'ok', sqlite3: 'ok',
      yaml: 'ModuleNotFoundError', moto: 'ModuleNotFoundError', flask: 'ModuleNotFoundError', werkzeug: 'ModuleNotFoundError',
    });
    expect(answer.boto3).toMatch(/^\d+\.\d+\.\d+$/);
    expect(answer.mine).toBe('from the zip');
    expect(answer.site).toEqual([]); // no site-packages folder on sys.path at all
  });

  it('boto3 in the handler reaches the local cloud', async () => {
    // The handler calls as its role (IAM is enforced): the role may list functions.
    await new IAMClient(cloud.clientConfig).send(new PutRolePolicyCommand({
      RoleName: 'python-isolation', PolicyName: 'list-functions',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:ListFunctions', Resource: '*' }] }),
    }));
    await lambda.send(new CreateFunctionCommand({
      FunctionName: 'lister', Runtime: `python${hostPython}`, Role: role, Handler: 'app.handler',
      Code: { ZipFile: makeZip({ 'app.py': 'import boto3\n\ndef handler(event, context):\n    return [f["FunctionName"] for f in boto3.client("lambda").list_functions()["Functions"]]\n' }) },
    }));
    const answer = await lambda.send(new InvokeCommand({ FunctionName: 'lister' }));
    expect(decode(answer.Payload)).toContain('lister');
  });

  it(`warns once when the host's Python minor (${hostPython}) is not the function's (${otherRuntime})`, async () => {
    expect(notices.filter((line) => line.includes('Python'))).toEqual([]);
    await deploy('other-a', otherRuntime);
    await deploy('other-b', otherRuntime);
    await invoke('other-a', []);
    await invoke('other-b', []);
    const warnings = notices.filter((line) => line.includes(`${otherRuntime} functions run on the host's Python ${hostPython}.`));
    expect(warnings).toHaveLength(1);
  });
});
