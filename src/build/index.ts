// The build stage: buildProject turns a LoadedProject into zips and API renderers.
export { buildProject, DIRECT_UPLOAD_LIMIT_BYTES } from './build.js';
export { deterministicZip, codeSha256, ZIP_DATE, ZIP_FILE_MODE, ZIP_LEVEL } from './zip.js';
export { bundleNodeHandler, BundleError } from './bundle.js';
export type { BuiltApi, BuiltFunction, BuiltProject, ApiRenderInput } from './types.js';
