// The starting project `discovery-cli init` writes: one TypeScript handler behind one Swagger
// API, valid as written (loadProject accepts it; `discovery-cli deploy --local` deploys it).

export interface StarterFile {
  /** Path relative to the project folder. */
  path: string;
  content: string;
}

export function starterProject(project: string, schemaRef: string): StarterFile[] {
  const config = {
    $schema: schemaRef,
    project,
    functions: {
      hello: {
        handler: 'handlers/hello.ts',
        runtime: 'nodejs22.x',
        memory: 128,
        timeout: 10,
        environment: { GREETING: 'hello' },
      },
    },
    apis: {
      hello: { definition: 'swagger/hello.json' },
    },
  };
  const swagger = {
    swagger: '2.0',
    info: { title: project, version: '1.0', description: `The ${project} API` },
    schemes: ['https'],
    paths: {
      '/hello/{name}': {
        get: {
          produces: ['application/json'],
          parameters: [{ name: 'name', in: 'path', required: true, type: 'string' }],
          responses: { '200': { description: 'A greeting' } },
          'x-amazon-apigateway-integration': {
            type: 'aws_proxy',
            httpMethod: 'POST',
            // $helloARN$ becomes the ARN of function "hello" at deploy; the region follows it.
            uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/$helloARN$/invocations',
          },
        },
      },
    },
  };
  return [
    { path: 'discovery.config.json', content: `${JSON.stringify(config, null, 2)}\n` },
    { path: 'swagger/hello.json', content: `${JSON.stringify(swagger, null, 2)}\n` },
    { path: 'handlers/hello.ts', content: HANDLER },
    { path: 'README.md', content: readme(project) },
  ];
}

const HANDLER = `// GET /hello/{name} through API Gateway's Lambda proxy integration.
interface ProxyEvent {
  pathParameters?: Record<string, string | undefined> | null;
}

interface ProxyResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export async function handler(event: ProxyEvent): Promise<ProxyResult> {
  const name = event.pathParameters?.name ?? 'world';
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: \`\${process.env.GREETING ?? 'hello'}, \${name}\` }),
  };
}
`;

function readme(project: string): string {
  return `# ${project}

A serverless REST API deployed with discovery-cli: \`handlers/hello.ts\` behind \`swagger/hello.json\`,
described by \`discovery.config.json\`.

\`\`\`sh
npx discovery-cli deploy --local          # deploy to the local cloud and print the endpoints
npx discovery-cli invoke hello --local    # invoke the function with an event ({} unless --event FILE)
npx discovery-cli logs --local --tail     # follow the functions' logs
npx discovery-cli deploy --stage prod     # deploy to AWS (credentials and region from the environment)
npx discovery-cli package                 # build the zips and rendered Swagger into .discovery/package/dev
npx discovery-cli teardown --stage prod   # remove what deploy made (tables only with --delete-data)
\`\`\`
`;
}
