// GET /hello on the Hello World service's own API (non-proxy integration, empty request template).
export interface HelloAnswer {
  message: string;
}

export async function handler(): Promise<HelloAnswer> {
  return { message: 'Hello World' };
}
