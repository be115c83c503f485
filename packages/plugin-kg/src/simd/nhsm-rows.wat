;; The row passes of the NHSM loss (../nhsm-loss.ts) with 128-bit SIMD, one anchor row of n scores at a
;; time (n a multiple of 4). Pointers are byte offsets into this module's memory. Sums of squares and
;; softmax sums accumulate in f64 (the standard deviation is a difference of nearly equal numbers when
;; the scores are close, as at initialization).
;; Source of nhsm-rows-wasm.ts: regenerate with `npm run build:wasm -w @zoo/plugin-kg` (wabt).
(module
  (memory (export "memory") 1)

  ;; e^t for t in [-88, 0] on four lanes: t·log2(e) = m + f with m an integer and |f| ≤ 1/2,
  ;; 2^f by its degree-7 Taylor polynomial in f·ln 2 (truncation < 2e-9 relative), 2^m from the exponent bits.
  (func $exp4 (param $t v128) (result v128)
    (local $y v128) (local $m v128) (local $f v128) (local $p v128)
    (local.set $y (f32x4.mul (local.get $t) (v128.const f32x4 1.44269504 1.44269504 1.44269504 1.44269504)))
    (local.set $m (f32x4.nearest (local.get $y)))
    (local.set $f (f32x4.mul (f32x4.sub (local.get $y) (local.get $m)) (v128.const f32x4 0.693147181 0.693147181 0.693147181 0.693147181)))
    ;; Horner: 1 + f(1 + f/2(1 + f/3(1 + f/4(1 + f/5(1 + f/6(1 + f/7))))))
    (local.set $p (f32x4.add (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $f) (v128.const f32x4 0.142857143 0.142857143 0.142857143 0.142857143))))
    (local.set $p (f32x4.add (v128.const f32x4 1 1 1 1) (f32x4.mul (f32x4.mul (local.get $f) (v128.const f32x4 0.166666667 0.166666667 0.166666667 0.166666667)) (local.get $p))))
    (local.set $p (f32x4.add (v128.const f32x4 1 1 1 1) (f32x4.mul (f32x4.mul (local.get $f) (v128.const f32x4 0.2 0.2 0.2 0.2)) (local.get $p))))
    (local.set $p (f32x4.add (v128.const f32x4 1 1 1 1) (f32x4.mul (f32x4.mul (local.get $f) (v128.const f32x4 0.25 0.25 0.25 0.25)) (local.get $p))))
    (local.set $p (f32x4.add (v128.const f32x4 1 1 1 1) (f32x4.mul (f32x4.mul (local.get $f) (v128.const f32x4 0.333333333 0.333333333 0.333333333 0.333333333)) (local.get $p))))
    (local.set $p (f32x4.add (v128.const f32x4 1 1 1 1) (f32x4.mul (f32x4.mul (local.get $f) (v128.const f32x4 0.5 0.5 0.5 0.5)) (local.get $p))))
    (local.set $p (f32x4.add (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $f) (local.get $p))))
    ;; ·2^m: (m + 127) << 23 as float bits
    (f32x4.mul (local.get $p)
      (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $m)) (v128.const i32x4 127 127 127 127)) (i32.const 23))))

  ;; x[j] ← c − norms[j] + 2·x[j] for j < n; writes Σx and Σx² (f64) to out[0] and out[8]
  (func (export "scores") (param $x i32) (param $norms i32) (param $n i32) (param $c f32) (param $out i32)
    (local $j i32) (local $bytes i32) (local $v v128) (local $lo v128) (local $hi v128)
    (local $s v128) (local $q v128)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $j) (local.get $bytes)))
      (local.set $v (f32x4.add
        (f32x4.sub (f32x4.splat (local.get $c)) (v128.load (i32.add (local.get $norms) (local.get $j))))
        (f32x4.mul (v128.const f32x4 2 2 2 2) (v128.load (i32.add (local.get $x) (local.get $j))))))
      (v128.store (i32.add (local.get $x) (local.get $j)) (local.get $v))
      (local.set $lo (f64x2.promote_low_f32x4 (local.get $v)))
      (local.set $hi (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.add (local.get $lo) (local.get $hi))))
      (local.set $q (f64x2.add (local.get $q) (f64x2.add (f64x2.mul (local.get $lo) (local.get $lo)) (f64x2.mul (local.get $hi) (local.get $hi)))))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br $l)))
    (f64.store (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $s)) (f64x2.extract_lane 1 (local.get $s))))
    (f64.store offset=8 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $q)) (f64x2.extract_lane 1 (local.get $q)))))

  ;; max_j x[j]
  (func (export "rowMax") (param $x i32) (param $n i32) (result f32)
    (local $j i32) (local $bytes i32) (local $mx v128)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $mx (v128.const f32x4 -inf -inf -inf -inf))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $j) (local.get $bytes)))
      (local.set $mx (f32x4.max (local.get $mx) (v128.load (i32.add (local.get $x) (local.get $j)))))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br $l)))
    (f32.max
      (f32.max (f32x4.extract_lane 0 (local.get $mx)) (f32x4.extract_lane 1 (local.get $mx)))
      (f32.max (f32x4.extract_lane 2 (local.get $mx)) (f32x4.extract_lane 3 (local.get $mx)))))

  ;; x[j] ← e^{k·(x[j] − xmax)}, or 0 where the exponent is below `floor`; returns Σ (f64). (x − xmax is
  ;; exact for the scores that matter, where k·x − k·xmax in f32 would cancel: k = λ/σ is large.)
  (func (export "expRow") (param $x i32) (param $n i32) (param $k f32) (param $xmax f32) (param $floor f32) (result f64)
    (local $j i32) (local $bytes i32) (local $t v128) (local $e v128) (local $s v128)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $j) (local.get $bytes)))
      (local.set $t (f32x4.mul (f32x4.splat (local.get $k)) (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $j))) (f32x4.splat (local.get $xmax)))))
      ;; lanes below the floor (and NaN) become 0; the rest are clamped to ≥ −88 before the exp
      (local.set $e (v128.and
        (call $exp4 (f32x4.max (local.get $t) (v128.const f32x4 -88 -88 -88 -88)))
        (f32x4.ge (local.get $t) (f32x4.splat (local.get $floor)))))
      (v128.store (i32.add (local.get $x) (local.get $j)) (local.get $e))
      (local.set $s (f64x2.add (local.get $s) (f64x2.add
        (f64x2.promote_low_f32x4 (local.get $e))
        (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $e) (local.get $e))))))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br $l)))
    (f64.add (f64x2.extract_lane 0 (local.get $s)) (f64x2.extract_lane 1 (local.get $s))))

  ;; g[j] ← w·g[j]; colSum[j] += g[j]; returns Σ_j g[j] (f64)
  (func (export "scaleRow") (param $g i32) (param $colSum i32) (param $n i32) (param $w f32) (result f64)
    (local $j i32) (local $bytes i32) (local $v v128) (local $s v128)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $j) (local.get $bytes)))
      (local.set $v (f32x4.mul (f32x4.splat (local.get $w)) (v128.load (i32.add (local.get $g) (local.get $j)))))
      (v128.store (i32.add (local.get $g) (local.get $j)) (local.get $v))
      (v128.store (i32.add (local.get $colSum) (local.get $j)) (f32x4.add (v128.load (i32.add (local.get $colSum) (local.get $j))) (local.get $v)))
      (local.set $s (f64x2.add (local.get $s) (f64x2.add
        (f64x2.promote_low_f32x4 (local.get $v))
        (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br $l)))
    (f64.add (f64x2.extract_lane 0 (local.get $s)) (f64x2.extract_lane 1 (local.get $s)))))
