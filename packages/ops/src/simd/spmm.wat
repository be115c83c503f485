;; Sparse (CSR) × dense matmul with 128-bit SIMD: Y[r0..r1) += A[r0..r1)·X, X and Y row-major with k
;; columns, k a multiple of 4. All arguments are byte offsets into this module's memory, except the
;; row range and k. Two nonzeros per pass over a Y row (half the Y loads/stores); the leftover
;; nonzero of odd rows in a second loop. Y must be zeroed by the caller.
;; Source of spmm-wasm.ts: regenerate with `node scripts/build-wasm.js` (wabt).
(module
  (memory (export "memory") 1)
  (func (export "spmm")
    (param $indptr i32) (param $indices i32) (param $values i32) (param $x i32) (param $y i32)
    (param $r0 i32) (param $r1 i32) (param $k i32)
    (local $i i32) (local $p i32) (local $end i32) (local $yrow i32) (local $xa i32) (local $xb i32)
    (local $j i32) (local $va v128) (local $vb v128) (local $rowBytes i32)
    (local.set $rowBytes (i32.mul (local.get $k) (i32.const 4)))
    (local.set $i (local.get $r0))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $r1)))
      (local.set $p (i32.load (i32.add (local.get $indptr) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $end (i32.load offset=4 (i32.add (local.get $indptr) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $yrow (i32.add (local.get $y) (i32.mul (local.get $i) (local.get $rowBytes))))
      ;; pairs of nonzeros: y += va·x[a] + vb·x[b]
      (block $pairsDone (loop $pairs
        (br_if $pairsDone (i32.ge_u (i32.add (local.get $p) (i32.const 1)) (local.get $end)))
        (local.set $va (f32x4.splat (f32.load (i32.add (local.get $values) (i32.shl (local.get $p) (i32.const 2))))))
        (local.set $vb (f32x4.splat (f32.load offset=4 (i32.add (local.get $values) (i32.shl (local.get $p) (i32.const 2))))))
        (local.set $xa (i32.add (local.get $x) (i32.mul (i32.load (i32.add (local.get $indices) (i32.shl (local.get $p) (i32.const 2)))) (local.get $rowBytes))))
        (local.set $xb (i32.add (local.get $x) (i32.mul (i32.load offset=4 (i32.add (local.get $indices) (i32.shl (local.get $p) (i32.const 2)))) (local.get $rowBytes))))
        (local.set $j (i32.const 0))
        (loop $cols
          (v128.store (i32.add (local.get $yrow) (local.get $j))
            (f32x4.add
              (f32x4.add
                (v128.load (i32.add (local.get $yrow) (local.get $j)))
                (f32x4.mul (v128.load (i32.add (local.get $xa) (local.get $j))) (local.get $va)))
              (f32x4.mul (v128.load (i32.add (local.get $xb) (local.get $j))) (local.get $vb))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $cols (i32.lt_u (local.get $j) (local.get $rowBytes))))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (br $pairs)))
      ;; the last nonzero of a row with an odd count
      (if (i32.lt_u (local.get $p) (local.get $end)) (then
        (local.set $va (f32x4.splat (f32.load (i32.add (local.get $values) (i32.shl (local.get $p) (i32.const 2))))))
        (local.set $xa (i32.add (local.get $x) (i32.mul (i32.load (i32.add (local.get $indices) (i32.shl (local.get $p) (i32.const 2)))) (local.get $rowBytes))))
        (local.set $j (i32.const 0))
        (loop $cols1
          (v128.store (i32.add (local.get $yrow) (local.get $j))
            (f32x4.add
              (v128.load (i32.add (local.get $yrow) (local.get $j)))
              (f32x4.mul (v128.load (i32.add (local.get $xa) (local.get $j))) (local.get $va))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $cols1 (i32.lt_u (local.get $j) (local.get $rowBytes))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows)))))
