#!/usr/bin/env node
// Thin launcher: the CLI bundled at build time (npm run build; scripts/build-cli.mjs).
import '../dist/bundle/discovery-cli.js';
