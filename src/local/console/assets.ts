// The console's page and its two bundled files, served with a strict content policy: scripts,
// styles and fetches from this origin only, and never inside another site's frame.
import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { bundleConsole, type ConsoleBundle } from './bundle.js';

const BUILT_DIR = fileURLToPath(new URL('./assets/', import.meta.url));
const UI_DIR = fileURLToPath(new URL('./ui/', import.meta.url));
export const ASSET_PREFIX = '/_local/console/assets/';

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

// The empty icon keeps the browser from asking for /favicon.ico, which the control plane would refuse
// (unsigned) and the call log would show.
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>discovery-cli local console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ASSET_PREFIX}console.css">
<script type="module" src="${ASSET_PREFIX}console.js"></script>
</head>
<body><div id="app"><p class="loading">Loading the console…</p></div></body>
</html>
`;

let bundle: Promise<ConsoleBundle> | undefined;

/** The files `npm run build` wrote, else a bundle made now from ui/ (a source checkout). */
function loadBundle(): Promise<ConsoleBundle> {
  bundle ??= (async () => {
    const js = `${BUILT_DIR}console.js`;
    if (existsSync(js)) return { js: readFileSync(js, 'utf8'), css: readFileSync(`${BUILT_DIR}console.css`, 'utf8') };
    if (!existsSync(UI_DIR)) throw new Error(`The console's files are missing from ${BUILT_DIR}: rebuild the package (npm run build).`);
    return bundleConsole(UI_DIR);
  })();
  bundle.catch(() => (bundle = undefined));
  return bundle;
}

export function sendPage(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS });
  res.end(PAGE);
}

/** Serves console.js or console.css; false when the name is neither. */
export async function sendAsset(res: ServerResponse, name: string): Promise<boolean> {
  const types: Record<string, string> = { 'console.js': 'text/javascript; charset=utf-8', 'console.css': 'text/css; charset=utf-8' };
  const type = types[name];
  if (!type) return false;
  const files = await loadBundle();
  const text = name === 'console.js' ? files.js : files.css;
  res.writeHead(200, { 'content-type': type, 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-cache', ...SECURITY_HEADERS });
  res.end(text);
  return true;
}
