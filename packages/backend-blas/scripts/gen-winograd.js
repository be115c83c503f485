#!/usr/bin/env node
/**
 * Generates native/winograd-transforms.h: the Winograd F(m×m, 3×3) tile transforms (m = 2, 4) as
 * straight-line C over one channel, with the constant matrices folded in (zero terms dropped, ±1
 * terms as adds), so the channel loop around them vectorizes. Lavin & Gray 2016, Sec. 4:
 *   Y = Aᵀ·[(G·g·Gᵀ) ⊙ (Bᵀ·d·B)]·A
 * `--check` exits 1 when the committed header differs from what this script writes.
 */
const fs = require('node:fs');
const path = require('node:path');

const F = (n, d = 1) => ({ n, d }); // exact rationals for the constants
const MATS = {
  2: {
    BT: [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]].map((r) => r.map((v) => F(v))),
    G: [[F(1), F(0), F(0)], [F(1, 2), F(1, 2), F(1, 2)], [F(1, 2), F(-1, 2), F(1, 2)], [F(0), F(0), F(1)]],
    AT: [[1, 1, 1, 0], [0, 1, -1, -1]].map((r) => r.map((v) => F(v))),
  },
  4: {
    BT: [[4, 0, -5, 0, 1, 0], [0, -4, -4, 1, 1, 0], [0, 4, -4, -1, 1, 0], [0, -2, -1, 2, 1, 0], [0, 2, -1, -2, 1, 0], [0, 4, 0, -5, 0, 1]].map((r) => r.map((v) => F(v))),
    G: [
      [F(1, 4), F(0), F(0)],
      [F(-1, 6), F(-1, 6), F(-1, 6)],
      [F(-1, 6), F(1, 6), F(-1, 6)],
      [F(1, 24), F(1, 12), F(1, 6)],
      [F(1, 24), F(-1, 12), F(1, 6)],
      [F(0), F(0), F(1)],
    ],
    AT: [[1, 1, 1, 1, 1, 0], [0, 1, -1, 2, -2, 0], [0, 1, 1, 4, 4, 0], [0, 1, -1, 8, -8, 1]].map((r) => r.map((v) => F(v))),
  },
};

/** Σ coef_k · term_k as a C expression (zeros dropped, ±1 as plain adds). */
function sum(pairs) {
  const parts = [];
  for (const [c, x] of pairs) {
    if (c.n === 0) continue;
    const neg = c.n < 0;
    const an = Math.abs(c.n);
    const mag = an === 1 && c.d === 1 ? x : c.d === 1 ? `${an}.0f * ${x}` : `(${an}.0f / ${c.d}) * ${x}`;
    parts.push(parts.length === 0 ? (neg ? `-${mag}` : mag) : `${neg ? ' - ' : ' + '}${mag}`);
  }
  return parts.length ? parts.join('') : '0.0f';
}

const T = (M) => M[0].map((_, j) => M.map((r) => r[j]));

function transforms(m) {
  const { BT, G, AT } = MATS[m];
  const a = m + 2;
  const lines = [];
  const def = (name, args, body) => lines.push(`#define ${name}(${args}) do { \\`, ...body.map((l) => `  ${l} \\`), '} while (0)', '');
  // filter: U = G·g·Gᵀ (α×α) from g (3×3); LOAD_G(i, j), STORE_U(k, v)
  {
    const body = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) body.push(`const float g${i}${j} = LOAD_G(${i}, ${j});`);
    for (let i = 0; i < a; i++) for (let j = 0; j < 3; j++) body.push(`const float t${i}_${j} = ${sum([0, 1, 2].map((k) => [G[i][k], `g${k}${j}`]))};`);
    for (let i = 0; i < a; i++) for (let j = 0; j < a; j++) body.push(`STORE_U(${i * a + j}, ${sum([0, 1, 2].map((k) => [G[j][k], `t${i}_${k}`]))});`);
    def(`WINO${m}_FILTER`, 'LOAD_G, STORE_U', body);
  }
  // filter gradient: ∂g = Gᵀ·∂U·G (3×3); LOAD_U(k), STORE_G(i, j, v)
  {
    const body = [];
    for (let k = 0; k < a * a; k++) body.push(`const float u${k} = LOAD_U(${k});`);
    const GT = T(G);
    for (let i = 0; i < 3; i++) for (let j = 0; j < a; j++) body.push(`const float t${i}_${j} = ${sum([...Array(a).keys()].map((k) => [GT[i][k], `u${k * a + j}`]))};`);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) body.push(`STORE_G(${i}, ${j}, ${sum([...Array(a).keys()].map((k) => [G[k][j], `t${i}_${k}`]))});`);
    def(`WINO${m}_FILTER_GRAD`, 'LOAD_U, STORE_G', body);
  }
  // input: V = Bᵀ·d·B (α×α); LOAD_D(i, j), STORE_V(k, v)
  {
    const body = [];
    for (let i = 0; i < a; i++) for (let j = 0; j < a; j++) body.push(`const float d${i}_${j} = LOAD_D(${i}, ${j});`);
    for (let i = 0; i < a; i++) for (let j = 0; j < a; j++) body.push(`const float u${i}_${j} = ${sum([...Array(a).keys()].map((k) => [BT[i][k], `d${k}_${j}`]))};`);
    for (let i = 0; i < a; i++) for (let j = 0; j < a; j++) body.push(`STORE_V(${i * a + j}, ${sum([...Array(a).keys()].map((k) => [BT[j][k], `u${i}_${k}`]))});`);
    def(`WINO${m}_INPUT`, 'LOAD_D, STORE_V', body);
  }
  // output: Y = Aᵀ·M·A (m×m); LOAD_M(k), STORE_Y(i, j, v)
  {
    const body = [];
    for (let k = 0; k < a * a; k++) body.push(`const float m${k} = LOAD_M(${k});`);
    for (let i = 0; i < m; i++) for (let j = 0; j < a; j++) body.push(`const float s${i}_${j} = ${sum([...Array(a).keys()].map((k) => [AT[i][k], `m${k * a + j}`]))};`);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) body.push(`STORE_Y(${i}, ${j}, ${sum([...Array(a).keys()].map((k) => [AT[j][k], `s${i}_${k}`]))});`);
    def(`WINO${m}_OUTPUT`, 'LOAD_M, STORE_Y', body);
  }
  // output gradient: ∂M = A·∂Y·Aᵀ (α×α); LOAD_E(i, j), STORE_M(k, v)
  {
    const body = [];
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) body.push(`const float e${i}_${j} = LOAD_E(${i}, ${j});`);
    for (let i = 0; i < a; i++) for (let j = 0; j < m; j++) body.push(`const float u${i}_${j} = ${sum([...Array(m).keys()].map((k) => [AT[k][i], `e${k}_${j}`]))};`);
    for (let i = 0; i < a; i++) for (let j = 0; j < a; j++) body.push(`STORE_M(${i * a + j}, ${sum([...Array(m).keys()].map((k) => [AT[k][j], `u${i}_${k}`]))});`);
    def(`WINO${m}_OUTPUT_GRAD`, 'LOAD_E, STORE_M', body);
  }
  return lines;
}

const text = [
  '/* Generated by scripts/gen-winograd.js; do not edit. Winograd F(m×m, 3×3) tile transforms, one channel. */',
  '',
  ...transforms(2),
  ...transforms(4),
].join('\n');
const target = path.join(__dirname, '..', 'native', 'winograd-transforms.h');
if (process.argv.includes('--check')) {
  if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) {
    process.stderr.write(`${target} is stale: run node scripts/gen-winograd.js\n`);
    process.exit(1);
  }
} else fs.writeFileSync(target, text);
