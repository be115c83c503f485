;; Dual-AMN's hot loops with 128-bit SIMD, four floats at a time. All pointer arguments are byte offsets
;; into this module's memory; each call lays out its own data (the JS side: attention-kernel.ts,
;; ../nhsm-rows.ts). Source of dual-amn-wasm.ts: regenerate with `npm run build:wasm -w @zoo/plugin-kg` (wabt).
;;
;; Relational attention (../relational-attention.ts) over the edges: row dot products and row updates,
;; rows of d floats (d a multiple of 4). The softmax weights alpha come in precomputed. Outputs (out, dh,
;; du) must be zeroed by the caller.
;;
;; NHSM row passes (../nhsm-loss.ts), one anchor row of n scores at a time (n a multiple of 4). Sums of
;; squares and softmax sums accumulate in f64 (the standard deviation is a difference of nearly equal
;; numbers when the scores are close, as at initialization).
(module
  (memory (export "memory") 1)


  ;; Σ a[0..d)·b[0..d), rows at byte offsets a and b, `bytes` = 4d
  (func $dot (param $a i32) (param $b i32) (param $bytes i32) (result f32)
    (local $j i32) (local $acc v128)
    (local.set $acc (v128.const f32x4 0 0 0 0))
    (loop $l
      (local.set $acc (f32x4.add (local.get $acc)
        (f32x4.mul (v128.load (i32.add (local.get $a) (local.get $j))) (v128.load (i32.add (local.get $b) (local.get $j))))))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $j) (local.get $bytes))))
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
      (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))

  ;; y[0..d) += ca·a[0..d) + cb·b[0..d)
  (func $axpy2 (param $y i32) (param $a i32) (param $ca f32) (param $b i32) (param $cb f32) (param $bytes i32)
    (local $j i32) (local $va v128) (local $vb v128)
    (local.set $va (f32x4.splat (local.get $ca)))
    (local.set $vb (f32x4.splat (local.get $cb)))
    (loop $l
      (v128.store (i32.add (local.get $y) (local.get $j))
        (f32x4.add (v128.load (i32.add (local.get $y) (local.get $j)))
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $a) (local.get $j))) (local.get $va))
            (f32x4.mul (v128.load (i32.add (local.get $b) (local.get $j))) (local.get $vb)))))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $j) (local.get $bytes)))))

  ;; for every node i and edge e = (i, j) of kind k:  dots[e] = h_j·u_k;  out_i += α_e·h_j − 2α_e·dots[e]·u_k
  (func (export "forward")
    (param $edgePtr i32) (param $dst i32) (param $kind i32) (param $alpha i32) (param $dots i32)
    (param $h i32) (param $u i32) (param $out i32) (param $n i32) (param $d i32)
    (local $i i32) (local $e i32) (local $end i32) (local $bytes i32) (local $hj i32) (local $uk i32)
    (local $orow i32) (local $s f32) (local $a f32)
    (local.set $bytes (i32.shl (local.get $d) (i32.const 2)))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $e (i32.load (i32.add (local.get $edgePtr) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $end (i32.load offset=4 (i32.add (local.get $edgePtr) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $orow (i32.add (local.get $out) (i32.mul (local.get $i) (local.get $bytes))))
      (block $edone (loop $edges
        (br_if $edone (i32.ge_u (local.get $e) (local.get $end)))
        (local.set $hj (i32.add (local.get $h)
          (i32.mul (i32.load (i32.add (local.get $dst) (i32.shl (local.get $e) (i32.const 2)))) (local.get $bytes))))
        (local.set $uk (i32.add (local.get $u)
          (i32.mul (i32.load (i32.add (local.get $kind) (i32.shl (local.get $e) (i32.const 2)))) (local.get $bytes))))
        (local.set $s (call $dot (local.get $hj) (local.get $uk) (local.get $bytes)))
        (f32.store (i32.add (local.get $dots) (i32.shl (local.get $e) (i32.const 2))) (local.get $s))
        (local.set $a (f32.load (i32.add (local.get $alpha) (i32.shl (local.get $e) (i32.const 2)))))
        (call $axpy2 (local.get $orow) (local.get $hj) (local.get $a)
          (local.get $uk) (f32.mul (f32.mul (f32.const -2) (local.get $a)) (local.get $s)) (local.get $bytes))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $edges)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows))))

  ;; for every edge e = (i, j) of kind k, with g_i the output gradient, s = dots[e], a = α_e:
  ;;   dalpha[e] = g_i·h_j − 2s·(g_i·u_k);   qu = a·(g_i·u_k)
  ;;   dh_j += a·g_i − 2qu·u_k;              du_k += −2qu·h_j − 2s·a·g_i
  (func (export "backward")
    (param $edgePtr i32) (param $dst i32) (param $kind i32) (param $alpha i32) (param $dots i32)
    (param $h i32) (param $u i32) (param $g i32) (param $dh i32) (param $du i32) (param $dalpha i32)
    (param $n i32) (param $d i32)
    (local $i i32) (local $e i32) (local $end i32) (local $bytes i32) (local $j i32) (local $k i32)
    (local $grow i32) (local $hj i32) (local $uk i32) (local $s f32) (local $a f32) (local $gu f32) (local $qu f32)
    (local.set $bytes (i32.shl (local.get $d) (i32.const 2)))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $e (i32.load (i32.add (local.get $edgePtr) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $end (i32.load offset=4 (i32.add (local.get $edgePtr) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $grow (i32.add (local.get $g) (i32.mul (local.get $i) (local.get $bytes))))
      (block $edone (loop $edges
        (br_if $edone (i32.ge_u (local.get $e) (local.get $end)))
        (local.set $j (i32.mul (i32.load (i32.add (local.get $dst) (i32.shl (local.get $e) (i32.const 2)))) (local.get $bytes)))
        (local.set $k (i32.mul (i32.load (i32.add (local.get $kind) (i32.shl (local.get $e) (i32.const 2)))) (local.get $bytes)))
        (local.set $hj (i32.add (local.get $h) (local.get $j)))
        (local.set $uk (i32.add (local.get $u) (local.get $k)))
        (local.set $s (f32.load (i32.add (local.get $dots) (i32.shl (local.get $e) (i32.const 2)))))
        (local.set $a (f32.load (i32.add (local.get $alpha) (i32.shl (local.get $e) (i32.const 2)))))
        (local.set $gu (call $dot (local.get $grow) (local.get $uk) (local.get $bytes)))
        (f32.store (i32.add (local.get $dalpha) (i32.shl (local.get $e) (i32.const 2)))
          (f32.sub (call $dot (local.get $grow) (local.get $hj) (local.get $bytes))
            (f32.mul (f32.mul (f32.const 2) (local.get $s)) (local.get $gu))))
        (local.set $qu (f32.mul (local.get $a) (local.get $gu)))
        (call $axpy2 (i32.add (local.get $dh) (local.get $j)) (local.get $grow) (local.get $a)
          (local.get $uk) (f32.mul (f32.const -2) (local.get $qu)) (local.get $bytes))
        (call $axpy2 (i32.add (local.get $du) (local.get $k)) (local.get $hj) (f32.mul (f32.const -2) (local.get $qu))
          (local.get $grow) (f32.mul (f32.mul (f32.const -2) (local.get $s)) (local.get $a)) (local.get $bytes))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $edges)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows))))


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
    (f64.add (f64x2.extract_lane 0 (local.get $s)) (f64x2.extract_lane 1 (local.get $s))))

  ;; tanh on four lanes: |x| < 0.1 by its Taylor polynomial to x⁷ (truncation < 3e-11), else
  ;; sign(x)·(1 − e)/(1 + e) with e = e^{−2|x|} (no cancellation there: e ≤ 0.82)
  (func $tanh4 (param $x v128) (result v128)
    (local $a v128) (local $e v128) (local $big v128) (local $x2 v128) (local $p v128)
    (local.set $a (f32x4.abs (local.get $x)))
    (local.set $e (call $exp4 (f32x4.max (f32x4.mul (local.get $a) (v128.const f32x4 -2 -2 -2 -2)) (v128.const f32x4 -88 -88 -88 -88))))
    (local.set $big (f32x4.div (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $e)) (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $e))))
    (local.set $big (v128.or (local.get $big) (v128.and (local.get $x) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))
    (local.set $x2 (f32x4.mul (local.get $x) (local.get $x)))
    (local.set $p (f32x4.add (v128.const f32x4 0.133333333 0.133333333 0.133333333 0.133333333)
      (f32x4.mul (local.get $x2) (v128.const f32x4 -0.053968254 -0.053968254 -0.053968254 -0.053968254))))
    (local.set $p (f32x4.add (v128.const f32x4 -0.333333333 -0.333333333 -0.333333333 -0.333333333) (f32x4.mul (local.get $x2) (local.get $p))))
    (local.set $p (f32x4.mul (local.get $x) (f32x4.add (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $x2) (local.get $p)))))
    (v128.bitselect (local.get $p) (local.get $big) (f32x4.lt (local.get $a) (v128.const f32x4 0.1 0.1 0.1 0.1))))

  ;; x[0..n) ← tanh(x), n a multiple of 4
  (func (export "tanhInPlace") (param $x i32) (param $n i32)
    (local $j i32) (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $j) (local.get $bytes)))
      (v128.store (i32.add (local.get $x) (local.get $j)) (call $tanh4 (v128.load (i32.add (local.get $x) (local.get $j)))))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br $l))))

  ;; g[0..n) ← g·(1 − y²): the gradient through y = tanh(·)
  (func (export "tanhGrad") (param $g i32) (param $y i32) (param $n i32)
    (local $j i32) (local $bytes i32) (local $v v128)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $j) (local.get $bytes)))
      (local.set $v (v128.load (i32.add (local.get $y) (local.get $j))))
      (v128.store (i32.add (local.get $g) (local.get $j))
        (f32x4.mul (v128.load (i32.add (local.get $g) (local.get $j)))
          (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $v) (local.get $v)))))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br $l))))
)
