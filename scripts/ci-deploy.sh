#!/usr/bin/env bash
# A CI step: deploy a stage, smoke-test every GET endpoint without path parameters, and print the
# deploy report. Credentials and region come from the CI environment as for any AWS tool.
#
#   scripts/ci-deploy.sh STAGE [extra deploy options...]
#   e.g. scripts/ci-deploy.sh prod --region eu-west-1
#        scripts/ci-deploy.sh dev --endpoint-url http://127.0.0.1:4577     (a local cloud)
set -euo pipefail
stage="${1:?usage: ci-deploy.sh STAGE [deploy options]}"
shift
cli="$(dirname "$0")/../bin/discovery-cli.js"
report="$(mktemp)"

# One JSON document on stdout; progress on stderr goes to the CI log as it happens.
node "$cli" deploy --stage "$stage" --json "$@" > "$report"

# Smoke test: every GET whose path has no {parameter} must answer below 500 (keys and IAM may
# rightly answer 403; a broken integration answers 5xx).
node --input-type=module -e '
  import { readFileSync } from "node:fs";
  const report = JSON.parse(readFileSync(process.argv[1], "utf8"));
  let failed = 0;
  for (const api of report.apis) {
    for (const e of api.endpoints.filter((e) => e.method === "GET" && !e.path.includes("{"))) {
      const res = await fetch(e.url);
      const ok = res.status < 500;
      if (!ok) failed++;
      console.error(`${ok ? "ok  " : "FAIL"} ${res.status} GET ${e.url}`);
    }
  }
  process.exit(failed ? 1 : 0);
' "$report"
cat "$report"
