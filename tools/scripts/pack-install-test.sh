#!/usr/bin/env bash
# Packed packages install and run on their own, outside the monorepo (issue 15's "done when"):
#  1. `npm i @zoo/cli @zoo/core @zoo/ops @zoo/plugin-gnn` from tarballs in a fresh folder: no backend package, no C
#     compiler needed; `zoo eval 'gnn/*' --tier smoke` runs every row ok on tfjs's cpu backend.
#  2. `@zoo/backend-blas` (with `@zoo/ops`) alone in a fresh folder with only tfjs: registers `blas` and runs the README's
#     example (extracted from packages/backend-blas/README.md between the `readme-example` markers).
# Needs the npm registry (tfjs, tsyringe, zod, commander, koffi). Run after `npm ci` (dist/ built).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
mkdir -p "$work/tgz"
for p in ops core cli plugin-gnn backend-blas; do
  npm pack -w "packages/$p" --pack-destination "$work/tgz" --silent > /dev/null
done
tgz() { ls "$work"/tgz/zoo-"$1"-*.tgz; }

# 1. the zoo from tarballs, no backend
mkdir "$work/zoo" && cd "$work/zoo"
npm init -y > /dev/null
npm i --no-audit --no-fund --loglevel=error "$(tgz ops)" "$(tgz core)" "$(tgz cli)" "$(tgz plugin-gnn)" > /dev/null
if [ -e node_modules/@zoo/backend-blas ]; then echo "pack-install: @zoo/backend-blas was installed with the zoo"; exit 1; fi
npx zoo doctor
npx zoo eval 'gnn/*' --tier smoke --jobs 1 --json rows.json > eval.txt 2>&1 || { cat eval.txt; exit 1; }
node -e '
  const rows = require("./rows.json");
  const bad = rows.filter((r) => r.status !== "ok");
  if (!rows.length || bad.length) { console.error("packed zoo eval:", rows.length, "rows,", bad); process.exit(1); }
  if (rows.some((r) => r.backend !== "cpu")) { console.error("expected the cpu backend:", rows[0].backend); process.exit(1); }
  console.log(`packed zoo: ${rows.length} gnn smoke rows ok on ${rows[0].backend}`);
'

# 2. the backend alone, for a plain tfjs user
mkdir "$work/blas" && cd "$work/blas"
npm init -y > /dev/null
npm i --no-audit --no-fund --loglevel=error @tensorflow/tfjs@4.22.0 "$(tgz ops)" "$(tgz backend-blas)" > /dev/null
if [ -e node_modules/@zoo/core ]; then echo "pack-install: @zoo/core came with @zoo/backend-blas"; exit 1; fi
sed -n '/<!-- readme-example:start -->/,/<!-- readme-example:end -->/p' "$root/packages/backend-blas/README.md" \
  | sed -n '/^```js$/,/^```$/p' | sed '1d;$d' > example.js
[ -s example.js ] || { echo "pack-install: no readme-example block in packages/backend-blas/README.md"; exit 1; }
node example.js
echo "pack-install: 2 passed, 0 failed"
