;; Dual-AMN's relational attention (../relational-attention.ts) over the edges with 128-bit SIMD: row
;; dot products and row updates four floats at a time, rows of d floats (d a multiple of 4). All pointer
;; arguments are byte offsets into this module's memory. The softmax weights alpha come in precomputed
;; (wasm has no exp). Outputs (out, dh, du) must be zeroed by the caller.
;; Source of relational-attention-wasm.ts: regenerate with `npm run build:wasm -w @zoo/plugin-kg` (wabt).
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
      (br $rows)))))
