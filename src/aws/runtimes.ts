// Lambda runtimes as AWS lists them: what may be created today and what AWS refuses.
// One table serves the config validator (fail before any AWS call) and the local cloud
// (refuse CreateFunction as AWS does). Dates are AWS's published deprecation dates.

export interface RuntimeInfo {
  id: string;
  language: 'nodejs' | 'python';
  /** ISO date AWS deprecated it; undefined while supported. */
  deprecated?: string;
  /** True once AWS refuses CreateFunction/UpdateFunctionConfiguration with it. */
  retired: boolean;
}

export const RUNTIMES: RuntimeInfo[] = [
  { id: 'nodejs24.x', language: 'nodejs', retired: false },
  { id: 'nodejs22.x', language: 'nodejs', retired: false },
  { id: 'nodejs20.x', language: 'nodejs', deprecated: '2026-04-30', retired: true },
  { id: 'nodejs18.x', language: 'nodejs', deprecated: '2025-09-01', retired: true },
  { id: 'nodejs16.x', language: 'nodejs', deprecated: '2024-06-12', retired: true },
  { id: 'nodejs14.x', language: 'nodejs', deprecated: '2023-12-04', retired: true },
  { id: 'nodejs12.x', language: 'nodejs', deprecated: '2023-03-31', retired: true },
  { id: 'nodejs10.x', language: 'nodejs', deprecated: '2021-07-30', retired: true },
  { id: 'nodejs8.10', language: 'nodejs', deprecated: '2020-03-06', retired: true },
  { id: 'python3.14', language: 'python', retired: false },
  { id: 'python3.13', language: 'python', retired: false },
  { id: 'python3.12', language: 'python', retired: false },
  { id: 'python3.11', language: 'python', retired: false },
  { id: 'python3.10', language: 'python', retired: false },
  { id: 'python3.9', language: 'python', deprecated: '2025-12-15', retired: true },
  { id: 'python3.8', language: 'python', deprecated: '2024-10-14', retired: true },
  { id: 'python3.7', language: 'python', deprecated: '2023-12-04', retired: true },
  { id: 'python3.6', language: 'python', deprecated: '2022-07-18', retired: true },
  { id: 'python2.7', language: 'python', deprecated: '2021-07-15', retired: true },
];

export const SUPPORTED_RUNTIMES = RUNTIMES.filter((r) => !r.retired).map((r) => r.id);

export function runtimeInfo(id: string): RuntimeInfo | undefined {
  return RUNTIMES.find((r) => r.id === id);
}

/** AWS's message for a runtime it no longer accepts (InvalidParameterValueException). */
export function retiredRuntimeMessage(id: string): string {
  return `The runtime parameter of ${id} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions. Supported: ${SUPPORTED_RUNTIMES.join(', ')}.`;
}
