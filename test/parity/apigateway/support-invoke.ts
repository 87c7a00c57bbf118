// Calls a deployed REST API on the local cloud's execute-api plane, path-based
// (/restapis/{id}/{stage}/_user_request_/...) or host-based ({id}.execute-api.localhost), as
// the recordings' tests called AWS's two URL styles.
import { request } from 'node:http';

export interface InvokeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type UrlType = 'PATH_BASED' | 'HOST_BASED';

export function invokeApi(
  port: number,
  apiId: string,
  stage: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; urlType?: UrlType } = {},
): Promise<InvokeAnswer> {
  const hostBased = options.urlType === 'HOST_BASED';
  const target = hostBased ? `/${stage}${path}` : `/restapis/${apiId}/${stage}/_user_request_${path}`;
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (hostBased) headers.host = `${apiId}.execute-api.localhost:${port}`;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, method: options.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
        resolve({ status: res.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** The JSON a response carried, or its text when it is not JSON. */
export function jsonOf(answer: InvokeAnswer): unknown {
  try {
    return JSON.parse(answer.body) as unknown;
  } catch {
    return answer.body;
  }
}
