#!/usr/bin/env node
/**
 * Compiles src/simd/*.wat with wabt (a devDependency) into src/simd/<name>-wasm.ts, the module's bytes
 * as base64, so the package ships no binary build step. `--check` exits 1 when a generated file is stale.
 * `--dir D` compiles D's *.wat instead (other packages' kernels: plugin-kg's `npm run build:wasm`).
 */
const fs = require('node:fs');
const path = require('node:path');

async function main() {
  const wabt = await require('wabt')();
  const at = process.argv.indexOf('--dir');
  const dir = at > 0 ? path.resolve(process.argv[at + 1]) : path.join(__dirname, '..', 'src', 'simd');
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.wat'))) {
    const mod = wabt.parseWat(file, fs.readFileSync(path.join(dir, file), 'utf8'), { simd: true });
    const { buffer } = mod.toBinary({});
    mod.destroy();
    const name = path.basename(file, '.wat');
    const ident = `${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_WASM_BASE64`;
    const text = `// Generated from ${file} by scripts/build-wasm.js; do not edit.\nexport const ${ident} =\n  '${Buffer.from(buffer).toString('base64')}';\n`;
    const target = path.join(dir, `${name}-wasm.ts`);
    if (check) {
      if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) {
        process.stderr.write(`${path.relative(process.cwd(), target)} is stale: run @zoo/ops's scripts/build-wasm.js (with --dir for another package)\n`);
        stale++;
      }
    } else {
      fs.writeFileSync(target, text);
      process.stdout.write(`wrote ${path.relative(process.cwd(), target)} (${buffer.length} bytes)\n`);
    }
  }
  process.exit(stale ? 1 : 0);
}
main();
