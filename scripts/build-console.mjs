// Bundles the local console's page (src/local/console/ui, preact) into dist beside the compiled
// server, so the package serves it offline. Runs after tsc in `npm run build`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const { bundleConsole } = await import(`${root}dist/src/local/console/bundle.js`);
const out = `${root}dist/src/local/console/assets/`;
const bundle = await bundleConsole(`${root}src/local/console/ui/`);
mkdirSync(out, { recursive: true });
writeFileSync(`${out}console.js`, bundle.js);
writeFileSync(`${out}console.css`, bundle.css);
process.stderr.write(`console: ${out}console.js ${bundle.js.length} bytes, console.css ${bundle.css.length} bytes\n`);
