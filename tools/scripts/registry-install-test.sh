#!/usr/bin/env bash
# The zoo as a user gets it from a registry (issue 16): a local Verdaccio (loopback only, a temporary storage;
# third-party packages proxied from registry.npmjs.org, @zoo/* served from what is published here), every
# package published to it by `nx release publish` (independent versions, nx.json), then, in fresh folders
# outside the repo:
#  1. `npm i @zoo/cli @zoo/plugin-gnn`: no backend package, no @tensorflow/tfjs (tfjs-core + cpu only);
#     `zoo list`, `zoo eval 'gnn/*' --tier smoke` on tfjs's cpu backend, every row ok;
#  2. a second plugin added to the same folder (`@zoo/plugin-debias`, with @zoo/vision): its smoke recipes;
#  3. `@zoo/backend-blas` alone with @tensorflow/tfjs: the README example runs; with `allowScripts` its install
#     script builds the C kernels (where a compiler is), and `npm rebuild @zoo/backend-blas` (doctor's hint) rebuilds;
#  4. `npm create @zoo/plugin demo`: the scaffolded plugin installs, passes its own tests, and `zoo list` (through
#     ZOO_PLUGINS) lists it, with its own @zoo/core: one warning, no kernel flood.
# Needs the npm registry (through Verdaccio's uplink). Run after `npm ci` (dist/ built).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
t0=$(date +%s)
step() { echo "registry-install: $1 ($(( $(date +%s) - t0 )) s)"; }
cleanup() { [ -n "${vpid:-}" ] && kill "$vpid" 2> /dev/null; rm -rf "$work"; }
trap cleanup EXIT

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
reg="http://127.0.0.1:$port/"
# Only ever this loopback registry (the publish executor refuses any other, too).
[[ "$reg" =~ ^http://127\.0\.0\.1:[0-9]+/$ ]] || { echo "registry-install: refusing registry $reg"; exit 1; }
mkdir -p "$work/registry"
sed "s/PORT/$port/" "$root/tools/registry/verdaccio.yaml" > "$work/registry/config.yaml"
"$root/node_modules/.bin/verdaccio" --config "$work/registry/config.yaml" > "$work/registry/log.txt" 2>&1 &
vpid=$!
for _ in $(seq 100); do curl -fs "${reg}-/ping" > /dev/null 2>&1 && break; sleep 0.2; done
curl -fs "${reg}-/ping" > /dev/null || { cat "$work/registry/log.txt"; echo "registry-install: verdaccio did not start"; exit 1; }
token=$(curl -fs -X PUT -H 'content-type: application/json' -d '{"name":"ci","password":"ci-local-only"}' \
  "${reg}-/user/org.couchdb.user:ci" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))')
# Every npm call below sees only this registry and this token (never the user's ~/.npmrc).
printf 'registry=%s\n//127.0.0.1:%s/:_authToken=%s\n' "$reg" "$port" "$token" > "$work/npmrc"
export NPM_CONFIG_USERCONFIG="$work/npmrc" npm_config_registry="$reg" npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
step "verdaccio on $reg"

cd "$root"
npx nx release publish --registry "$reg" --parallel=10 > "$work/publish.txt" 2>&1 || { cat "$work/publish.txt"; exit 1; }
for p in ops core backend-blas vision plugin-gnn plugin-debias cli create-plugin; do
  npm view "@zoo/$p" version > /dev/null || { echo "registry-install: @zoo/$p was not published"; exit 1; }
done
step "published $(ls -d packages/*/ | wc -l) packages with nx release publish"

# The install scripts the zoo needs, approved as the README tells users (npm ≥ 11.16; npm 12 skips the others).
project() {
  mkdir -p "$1" && cd "$1" && npm init -y > /dev/null
  node -e 'const f="package.json",p=require("./"+f);p.allowScripts={"@zoo/backend-blas":true,koffi:true};require("fs").writeFileSync(f,JSON.stringify(p,null,2))'
}

# 3. and 4. run in the background while 1. and 2. run (network and compiler time overlap); each logs to a file.
# 3. the backend alone, for a plain tfjs user
blas_alone() {
  project "$work/blas"
  npm i --loglevel=error @tensorflow/tfjs@4.22.0 @zoo/backend-blas > install.txt 2>&1 || { cat install.txt; exit 1; }
  if [ -e node_modules/@zoo/core ]; then echo "registry-install: @zoo/core came with @zoo/backend-blas"; exit 1; fi
  sed -n '/<!-- readme-example:start -->/,/<!-- readme-example:end -->/p' "$root/packages/backend-blas/README.md" \
    | sed -n '/^```js$/,/^```$/p' | sed '1d;$d' > example.js
  [ -s example.js ] || { echo "registry-install: no readme-example block in packages/backend-blas/README.md"; exit 1; }
  if ldconfig -p 2> /dev/null | grep -q libopenblas; then node example.js; fi
  lib=node_modules/@zoo/backend-blas/native/build/libzoo_kernels.so
  if command -v cc > /dev/null; then
    [ -e "$lib" ] || { cat install.txt; echo "registry-install: backend-blas's install script did not build $lib"; exit 1; }
    rm "$lib"
    npm rebuild @zoo/backend-blas > rebuild.txt 2>&1 || { cat rebuild.txt; exit 1; }
    [ -e "$lib" ] || { cat rebuild.txt; echo "registry-install: npm rebuild @zoo/backend-blas did not build $lib"; exit 1; }
  fi
}
# 4. a new plugin, developed outside the monorepo: scaffolded, installed, its own tests
new_plugin() {
  cd "$work"
  # its own npm cache: npx would reuse a create-plugin of the same version from an earlier run
  npm_config_cache="$work/npx-cache" npm create --yes @zoo/plugin demo > create.txt 2>&1 || { cat create.txt; exit 1; }
  cd plugin-demo
  npm install --loglevel=error > install.txt 2>&1 || { cat install.txt; exit 1; }
  npm test > test.txt 2>&1 || { cat test.txt; exit 1; }
}
(blas_alone) > "$work/blas.log" 2>&1 &
blas_pid=$!
(new_plugin) > "$work/plugin.log" 2>&1 &
plugin_pid=$!

# 1. the zoo: the CLI and one plugin, nothing else asked for
project "$work/zoo"
npm i --loglevel=error @zoo/cli @zoo/plugin-gnn > install.txt 2>&1 || { cat install.txt; exit 1; }
if grep -q "allowScripts" install.txt; then cat install.txt; echo "registry-install: install scripts not covered by allowScripts"; exit 1; fi
for absent in @zoo/backend-blas @tensorflow/tfjs @tensorflow/tfjs-layers @tensorflow/tfjs-backend-webgl; do
  if [ -e "node_modules/$absent" ]; then echo "registry-install: $absent was installed with @zoo/cli @zoo/plugin-gnn"; exit 1; fi
done
step "npm i @zoo/cli @zoo/plugin-gnn: node_modules $(du -sm node_modules | cut -f1) MB"
npx zoo list > list.txt
grep -q "gnn/gcn@cora" list.txt || { cat list.txt; echo "registry-install: zoo list lacks gnn/gcn@cora"; exit 1; }
check_rows() {
  node -e '
    const rows = require(process.argv[1]);
    const bad = rows.filter((r) => r.status !== "ok");
    if (!rows.length || bad.length) { console.error(process.argv[2], rows.length, "rows,", bad); process.exit(1); }
    if (rows.some((r) => r.backend !== "cpu")) { console.error("expected the cpu backend:", rows[0].backend); process.exit(1); }
    console.log(`registry-install: ${process.argv[2]}: ${new Set(rows.map((r) => r.recipe)).size} smoke recipes ok on cpu`);
  ' "$PWD/$1" "$2"
}
npx zoo eval 'gnn/*' --tier smoke --jobs 1 --json gnn.json > eval.txt 2>&1 || { cat eval.txt; exit 1; }
check_rows gnn.json "gnn/*"
if grep -q "already registered" eval.txt; then echo "registry-install: duplicate tfjs kernels"; exit 1; fi
step "zoo eval 'gnn/*'"

# 2. a second plugin, added later to the same folder
npm i --loglevel=error @zoo/plugin-debias > install.txt 2>&1 || { cat install.txt; exit 1; }
npx zoo eval 'debias/*' --tier smoke --jobs 1 --json debias.json > eval.txt 2>&1 || { cat eval.txt; exit 1; }
check_rows debias.json "debias/*"
step "npm i @zoo/plugin-debias; zoo eval 'debias/*'"

wait "$blas_pid" || { cat "$work/blas.log"; echo "registry-install: @zoo/backend-blas alone failed"; exit 1; }
step "@zoo/backend-blas alone (README example; its install script and npm rebuild @zoo/backend-blas build native/)"
wait "$plugin_pid" || { cat "$work/plugin.log"; echo "registry-install: npm create @zoo/plugin failed"; exit 1; }
cd "$work/zoo"
ZOO_PLUGINS="$work/plugin-demo" npx zoo list 'demo/*' > list.txt 2> err.txt || { cat list.txt err.txt; exit 1; }
grep -q "demo/softmax@blobs" list.txt || { cat list.txt err.txt; echo "registry-install: zoo list lacks demo/softmax@blobs"; exit 1; }
if grep -q "already registered" err.txt; then echo "registry-install: a plugin with its own @zoo/core flooded kernel warnings"; exit 1; fi
[ "$(grep -c 'second copy of @zoo/core' err.txt)" = 1 ] || { cat err.txt; echo "registry-install: expected one warning about the plugin's own @zoo/core"; exit 1; }
step "npm create @zoo/plugin demo: installs, tests pass, zoo lists it"
echo "registry-install: 4 passed, 0 failed ($(( $(date +%s) - t0 )) s)"
