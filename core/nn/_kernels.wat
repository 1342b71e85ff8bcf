;; WebAssembly SIMD kernels behind core/nn/_kernels.ts (compiled into _kernels_wasm_bytes.ts by
;; `deno task gen:wasm`). Every address is a byte offset into the imported memory; every stride
;; is in float32 values. The activations are imported from _activation_kernels.wat, instantiated
;; over the same memory, so that a layer's whole forward or backward pass is one call.
;;
;; Float32 arithmetic only: each product is one f32x4.mul and each sum one f32x4.add (no fused
;; multiply-add, no relaxed SIMD), so every operation is rounded to float32 exactly as the
;; JavaScript loops of _kernels.ts do with Math.fround, and both paths give the same bits.
(module
  (import "env" "memory" (memory 1))
  (import "act" "tanh" (func $tanh (param i32 i32)))
  (import "act" "relu" (func $relu (param i32 i32)))
  (import "act" "tanhBackward" (func $tanhBackward (param i32 i32 i32)))
  (import "act" "reluBackward" (func $reluBackward (param i32 i32 i32)))

  ;; dst[c·ldd + r] = src[r·lds + c] for r < rows, c < cols (float32, one value at a time).
  (func $transposeScalar
    (param $src i32) (param $lds i32) (param $dst i32) (param $rows i32) (param $cols i32) (param $ldd i32)
    (local $r i32) (local $c i32) (local $s i32) (local $d i32)
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $s (i32.add (local.get $src) (i32.shl (i32.mul (local.get $r) (local.get $lds)) (i32.const 2))))
        (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2))))
        (local.set $c (i32.const 0))
        (block $colsDone
          (loop $colLoop
            (br_if $colsDone (i32.ge_u (local.get $c) (local.get $cols)))
            (f32.store (local.get $d) (f32.load (local.get $s)))
            (local.set $s (i32.add (local.get $s) (i32.const 4)))
            (local.set $d (i32.add (local.get $d) (i32.shl (local.get $ldd) (i32.const 2))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $colLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; dst[c·ldd + r] = src[r·cols + c] for r < rows, c < cols (float32 transpose, moves only): 4 × 4
  ;; blocks through registers (rows p, q, u, v loaded, interleaved by shuffles, stored as columns),
  ;; then the last cols % 4 columns and the last rows % 4 rows one value at a time.
  (func $transpose
    (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32) (param $ldd i32)
    (local $r i32) (local $c i32) (local $s i32) (local $d i32) (local $r4 i32) (local $c4 i32)
    (local $ls i32) (local $ld i32) (local $p v128) (local $q v128) (local $u v128) (local $v v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $r4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $c4 (i32.and (local.get $cols) (i32.const -4)))
    (local.set $ls (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $ld (i32.shl (local.get $ldd) (i32.const 2)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $r4)))
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $ls))))
        (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2))))
        (local.set $c (i32.const 0))
        (block $colsDone
          (loop $colLoop
            (br_if $colsDone (i32.ge_u (local.get $c) (local.get $c4)))
            (local.set $p (v128.load (local.get $s)))
            (local.set $q (v128.load (i32.add (local.get $s) (local.get $ls))))
            (local.set $u (v128.load (i32.add (local.get $s) (i32.shl (local.get $ls) (i32.const 1)))))
            (local.set $v (v128.load (i32.add (local.get $s) (i32.mul (local.get $ls) (i32.const 3)))))
            (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $p) (local.get $q))) ;; p0 q0 p1 q1
            (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $p) (local.get $q))) ;; p2 q2 p3 q3
            (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $u) (local.get $v))) ;; u0 v0 u1 v1
            (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $u) (local.get $v))) ;; u2 v2 u3 v3
            (v128.store (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
            (v128.store (i32.add (local.get $d) (local.get $ld))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
            (v128.store (i32.add (local.get $d) (i32.shl (local.get $ld) (i32.const 1)))
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
            (v128.store (i32.add (local.get $d) (i32.mul (local.get $ld) (i32.const 3)))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
            (local.set $s (i32.add (local.get $s) (i32.const 16)))
            (local.set $d (i32.add (local.get $d) (i32.shl (local.get $ld) (i32.const 2))))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $colLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $rowLoop)))
    (call $transposeScalar (i32.add (local.get $src) (i32.shl (local.get $c4) (i32.const 2))) (local.get $cols)
      (i32.add (local.get $dst) (i32.mul (local.get $c4) (local.get $ld)))
      (local.get $r4) (i32.sub (local.get $cols) (local.get $c4)) (local.get $ldd))
    (call $transposeScalar (i32.add (local.get $src) (i32.mul (local.get $r4) (local.get $ls))) (local.get $cols)
      (i32.add (local.get $dst) (i32.shl (local.get $r4) (i32.const 2)))
      (i32.sub (local.get $rows) (local.get $r4)) (local.get $cols) (local.get $ldd)))

  ;; C[m, n] = C0[m, n] + Σ_k A[m, k] · B[k, n] in float32, one lane per (m, n): for k
  ;; ascending, acc ← acc + (A[m, k] · B[k, n]), each operation rounded to float32, for
  ;; m < M and n < ⌈N/4⌉·4, in blocks of 4 × 8 outputs (4 × 4 for the last columns when
  ;; at most 4 are left), two terms per iteration of the inner loop; the last M % 4 rows in blocks
  ;; of 1 × 8 (a 4-row block would waste its other rows). C0 is +0 or, when
  ;; $accumulate is 1, the C already there (so a long sum can be cut into consecutive chunks of k
  ;; without changing a bit).
  ;; A[m, k] is at a + 4·(m·sam + k·sak) (any layout, so a transposed operand needs no copy);
  ;; B and C are row-major with row strides ldb and ldc (ldc ≥ ⌈N/4⌉·4; B's rows are read up to
  ;; column ⌈N/8⌉·8). Columns past N are computed from whatever memory holds there and must be
  ;; ignored by the caller.
  (func $gemm
    (param $a i32) (param $b i32) (param $c i32)
    (param $M i32) (param $N i32) (param $K i32)
    (param $sam i32) (param $sak i32) (param $ldb i32) (param $ldc i32) (param $accumulate i32)
    (local $m i32) (local $n i32) (local $k i32)
    (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $pa i32) (local $pb i32) (local $pc i32)
    (local $b0 v128) (local $b1 v128) (local $av v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128)
    (local.set $sam (i32.shl (local.get $sam) (i32.const 2)))
    (local.set $sak (i32.shl (local.get $sak) (i32.const 2)))
    (local.set $ldb (i32.shl (local.get $ldb) (i32.const 2)))
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    (local.set $a1 (local.get $sam))
    (local.set $a2 (i32.shl (local.get $sam) (i32.const 1)))
    (local.set $a3 (i32.mul (local.get $sam) (i32.const 3)))
    (block $mDone
      (loop $mLoop
        (br_if $mDone (i32.ge_u (local.get $m) (local.get $M)))
        (if (i32.lt_u (i32.sub (local.get $M) (local.get $m)) (i32.const 4))
          (then ;; the last M % 4 rows one at a time, in blocks of 1 × 8 (the same sums)
            (loop $rowLoop
              (local.set $n (i32.const 0))
              (block $nDone1
                (loop $nLoop1
                  (br_if $nDone1 (i32.ge_u (local.get $n) (local.get $N)))
                  (local.set $pc
                    (i32.add
                      (i32.add (local.get $c) (i32.mul (local.get $m) (local.get $ldc)))
                      (i32.shl (local.get $n) (i32.const 2))))
                  (local.set $c0 (v128.const f32x4 0 0 0 0))
                  (local.set $c1 (v128.const f32x4 0 0 0 0))
                  (if (local.get $accumulate)
                    (then
                      (local.set $c0 (v128.load (local.get $pc)))
                      (local.set $c1 (v128.load offset=16 (local.get $pc)))))
                  (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $m) (local.get $sam))))
                  (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $n) (i32.const 2))))
                  (local.set $k (local.get $K))
                  (block $kDone1
                    (loop $kLoop1
                      (br_if $kDone1 (i32.eqz (local.get $k)))
                      (local.set $av (v128.load32_splat (local.get $pa)))
                      (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $av) (v128.load (local.get $pb)))))
                      (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $av) (v128.load offset=16 (local.get $pb)))))
                      (local.set $pa (i32.add (local.get $pa) (local.get $sak)))
                      (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
                      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                      (br $kLoop1)))
                  (v128.store (local.get $pc) (local.get $c0))
                  (if (i32.gt_u (i32.sub (local.get $N) (local.get $n)) (i32.const 4))
                    (then (v128.store offset=16 (local.get $pc) (local.get $c1))))
                  (local.set $n (i32.add (local.get $n) (i32.const 8)))
                  (br $nLoop1)))
              (local.set $m (i32.add (local.get $m) (i32.const 1)))
              (br_if $rowLoop (i32.lt_u (local.get $m) (local.get $M))))
            (br $mDone)))
        (local.set $n (i32.const 0))
        (block $nDone
          (loop $nLoop
            (br_if $nDone (i32.ge_u (local.get $n) (local.get $N)))
            (local.set $pc
              (i32.add
                (i32.add (local.get $c) (i32.mul (local.get $m) (local.get $ldc)))
                (i32.shl (local.get $n) (i32.const 2))))
            (if (i32.gt_u (i32.sub (local.get $N) (local.get $n)) (i32.const 4))
              (then ;; 4 rows × 8 columns
                (if (local.get $accumulate)
                  (then
                    (local.set $c0 (v128.load (local.get $pc)))
                    (local.set $c1 (v128.load offset=16 (local.get $pc)))
                    (local.set $c2 (v128.load (i32.add (local.get $pc) (local.get $ldc))))
                    (local.set $c3 (v128.load offset=16 (i32.add (local.get $pc) (local.get $ldc))))
                    (local.set $c4 (v128.load (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 1)))))
                    (local.set $c5 (v128.load offset=16 (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 1)))))
                    (local.set $c6 (v128.load (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const 3)))))
                    (local.set $c7 (v128.load offset=16 (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const 3))))))
                  (else
                    (local.set $c0 (v128.const f32x4 0 0 0 0))
                    (local.set $c1 (v128.const f32x4 0 0 0 0))
                    (local.set $c2 (v128.const f32x4 0 0 0 0))
                    (local.set $c3 (v128.const f32x4 0 0 0 0))
                    (local.set $c4 (v128.const f32x4 0 0 0 0))
                    (local.set $c5 (v128.const f32x4 0 0 0 0))
                    (local.set $c6 (v128.const f32x4 0 0 0 0))
                    (local.set $c7 (v128.const f32x4 0 0 0 0))))
                (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $m) (local.get $sam))))
                (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $n) (i32.const 2))))
                (local.set $k (local.get $K))
                ;; two terms per iteration, then the odd one
                (block $kDone
                  (loop $kLoop
                    (br_if $kDone (i32.lt_u (local.get $k) (i32.const 2)))
                    (local.set $b0 (v128.load (local.get $pb)))
                    (local.set $b1 (v128.load offset=16 (local.get $pb)))
                    (local.set $av (v128.load32_splat (local.get $pa)))
                    (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $av) (local.get $b1))))
                    (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $a1))))
                    (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $av) (local.get $b1))))
                    (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $a2))))
                    (local.set $c4 (f32x4.add (local.get $c4) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $c5 (f32x4.add (local.get $c5) (f32x4.mul (local.get $av) (local.get $b1))))
                    (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $a3))))
                    (local.set $c6 (f32x4.add (local.get $c6) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $c7 (f32x4.add (local.get $c7) (f32x4.mul (local.get $av) (local.get $b1))))
                    (local.set $pa (i32.add (local.get $pa) (local.get $sak)))
                    (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
                    (local.set $b0 (v128.load (local.get $pb)))
                    (local.set $b1 (v128.load offset=16 (local.get $pb)))
                    (local.set $av (v128.load32_splat (local.get $pa)))
                    (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $av) (local.get $b1))))
                    (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $a1))))
                    (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $av) (local.get $b1))))
                    (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $a2))))
                    (local.set $c4 (f32x4.add (local.get $c4) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $c5 (f32x4.add (local.get $c5) (f32x4.mul (local.get $av) (local.get $b1))))
                    (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $a3))))
                    (local.set $c6 (f32x4.add (local.get $c6) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $c7 (f32x4.add (local.get $c7) (f32x4.mul (local.get $av) (local.get $b1))))
                    (local.set $pa (i32.add (local.get $pa) (local.get $sak)))
                    (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
                    (local.set $k (i32.sub (local.get $k) (i32.const 2)))
                    (br $kLoop)))
                (if (local.get $k)
                  (then
                    (local.set $b0 (v128.load (local.get $pb)))
                    (local.set $b1 (v128.load offset=16 (local.get $pb)))
                    (local.set $av (v128.load32_splat (local.get $pa)))
                    (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $av) (local.get $b1))))
                    (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $a1))))
                    (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $av) (local.get $b1))))
                    (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $a2))))
                    (local.set $c4 (f32x4.add (local.get $c4) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $c5 (f32x4.add (local.get $c5) (f32x4.mul (local.get $av) (local.get $b1))))
                    (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $a3))))
                    (local.set $c6 (f32x4.add (local.get $c6) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $c7 (f32x4.add (local.get $c7) (f32x4.mul (local.get $av) (local.get $b1))))
                    (local.set $pa (i32.add (local.get $pa) (local.get $sak)))
                    (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))))
                (v128.store (local.get $pc) (local.get $c0))
                (v128.store offset=16 (local.get $pc) (local.get $c1))
                (v128.store (i32.add (local.get $pc) (local.get $ldc)) (local.get $c2))
                (v128.store offset=16 (i32.add (local.get $pc) (local.get $ldc)) (local.get $c3))
                (v128.store (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 1))) (local.get $c4))
                (v128.store offset=16 (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 1))) (local.get $c5))
                (v128.store (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const 3))) (local.get $c6))
                (v128.store offset=16 (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const 3))) (local.get $c7)))
              (else ;; 4 rows × the last 4 columns
                (if (local.get $accumulate)
                  (then
                    (local.set $c0 (v128.load (local.get $pc)))
                    (local.set $c1 (v128.load (i32.add (local.get $pc) (local.get $ldc))))
                    (local.set $c2 (v128.load (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 1)))))
                    (local.set $c3 (v128.load (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const 3))))))
                  (else
                    (local.set $c0 (v128.const f32x4 0 0 0 0))
                    (local.set $c1 (v128.const f32x4 0 0 0 0))
                    (local.set $c2 (v128.const f32x4 0 0 0 0))
                    (local.set $c3 (v128.const f32x4 0 0 0 0))))
                (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $m) (local.get $sam))))
                (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $n) (i32.const 2))))
                (local.set $k (local.get $K))
                ;; two terms per iteration, then the odd one
                (block $kDone
                  (loop $kLoop
                    (br_if $kDone (i32.lt_u (local.get $k) (i32.const 2)))
                    (local.set $b0 (v128.load (local.get $pb)))
                    (local.set $av (v128.load32_splat (local.get $pa)))
                    (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $a1))))
                    (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $a2))))
                    (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $a3))))
                    (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $pa (i32.add (local.get $pa) (local.get $sak)))
                    (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
                    (local.set $b0 (v128.load (local.get $pb)))
                    (local.set $av (v128.load32_splat (local.get $pa)))
                    (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $a1))))
                    (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $a2))))
                    (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $a3))))
                    (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $pa (i32.add (local.get $pa) (local.get $sak)))
                    (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
                    (local.set $k (i32.sub (local.get $k) (i32.const 2)))
                    (br $kLoop)))
                (if (local.get $k)
                  (then
                    (local.set $b0 (v128.load (local.get $pb)))
                    (local.set $av (v128.load32_splat (local.get $pa)))
                    (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $a1))))
                    (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $a2))))
                    (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $av (v128.load32_splat (i32.add (local.get $pa) (local.get $a3))))
                    (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $av) (local.get $b0))))
                    (local.set $pa (i32.add (local.get $pa) (local.get $sak)))
                    (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))))
                (v128.store (local.get $pc) (local.get $c0))
                (v128.store (i32.add (local.get $pc) (local.get $ldc)) (local.get $c1))
                (v128.store (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 1))) (local.get $c2))
                (v128.store (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const 3))) (local.get $c3))))
            (local.set $n (i32.add (local.get $n) (i32.const 8)))
            (br $nLoop)))
        (local.set $m (i32.add (local.get $m) (i32.const 4)))
        (br $mLoop))))


  ;; y[r·cols + c] = bias[c] + C[c·ldc + r] for r < rows, c < cols (float32): the forward pass's
  ;; bias, added to the transposed product and written compact (row-major rows × cols).
  (func $biasTranspose
    (param $src i32) (param $ldc i32) (param $bias i32) (param $dst i32)
    (param $rows i32) (param $cols i32)
    (local $r i32) (local $c i32) (local $s i32) (local $d i32) (local $bc f32) (local $step i32)
    (local.set $step (i32.shl (local.get $cols) (i32.const 2)))
    (block $colsDone
      (loop $colLoop
        (br_if $colsDone (i32.ge_u (local.get $c) (local.get $cols)))
        (local.set $bc (f32.load (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 2)))))
        (local.set $s
          (i32.add (local.get $src) (i32.shl (i32.mul (local.get $c) (local.get $ldc)) (i32.const 2))))
        (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 2))))
        (local.set $r (i32.const 0))
        (block $rowsDone
          (loop $rowLoop
            (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
            (f32.store (local.get $d) (f32.add (local.get $bc) (f32.load (local.get $s))))
            (local.set $s (i32.add (local.get $s) (i32.const 4)))
            (local.set $d (i32.add (local.get $d) (local.get $step)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rowLoop)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $colLoop))))

  ;; y[r·cols + c] = bias[c] + C[r·ldc + c] for r < rows, c < cols (float32): the forward pass's
  ;; bias, added to the product and written compact (row-major rows × cols).
  (func $biasRows
    (param $src i32) (param $ldc i32) (param $bias i32) (param $dst i32)
    (param $rows i32) (param $cols i32)
    (local $r i32) (local $c i32) (local $s i32) (local $b i32)
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $s (local.get $src))
        (local.set $b (local.get $bias))
        (local.set $c (local.get $cols))
        (block $vecDone
          (loop $vecLoop
            (br_if $vecDone (i32.lt_u (local.get $c) (i32.const 4)))
            (v128.store (local.get $dst)
              (f32x4.add (v128.load (local.get $b)) (v128.load (local.get $s))))
            (local.set $s (i32.add (local.get $s) (i32.const 16)))
            (local.set $b (i32.add (local.get $b) (i32.const 16)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
            (local.set $c (i32.sub (local.get $c) (i32.const 4)))
            (br $vecLoop)))
        (block $tailDone
          (loop $tailLoop
            (br_if $tailDone (i32.eqz (local.get $c)))
            (f32.store (local.get $dst) (f32.add (f32.load (local.get $b)) (f32.load (local.get $s))))
            (local.set $s (i32.add (local.get $s) (i32.const 4)))
            (local.set $b (i32.add (local.get $b) (i32.const 4)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
            (local.set $c (i32.sub (local.get $c) (i32.const 1)))
            (br $tailLoop)))
        (local.set $src (i32.add (local.get $src) (local.get $ldc)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; dst[r·cols + c] = (add ? dst[r·cols + c] + C[r·ldc + c] : C[r·ldc + c]) for r < rows,
  ;; c < cols (float32): a padded product added into (or copied to) a compact row-major block.
  (func $addInto (export "addInto")
    (param $src i32) (param $ldc i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (param $add i32)
    (local $r i32) (local $c i32) (local $s i32) (local $v v128)
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $s (local.get $src))
        (local.set $c (local.get $cols))
        (block $vecDone
          (loop $vecLoop
            (br_if $vecDone (i32.lt_u (local.get $c) (i32.const 4)))
            (local.set $v (v128.load (local.get $s)))
            (if (local.get $add)
              (then (local.set $v (f32x4.add (v128.load (local.get $dst)) (local.get $v)))))
            (v128.store (local.get $dst) (local.get $v))
            (local.set $s (i32.add (local.get $s) (i32.const 16)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
            (local.set $c (i32.sub (local.get $c) (i32.const 4)))
            (br $vecLoop)))
        (block $tailDone
          (loop $tailLoop
            (br_if $tailDone (i32.eqz (local.get $c)))
            (if (local.get $add)
              (then
                (f32.store (local.get $dst)
                  (f32.add (f32.load (local.get $dst)) (f32.load (local.get $s)))))
              (else (f32.store (local.get $dst) (f32.load (local.get $s)))))
            (local.set $s (i32.add (local.get $s) (i32.const 4)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
            (local.set $c (i32.sub (local.get $c) (i32.const 1)))
            (br $tailLoop)))
        (local.set $src (i32.add (local.get $src) (local.get $ldc)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; dst[c] = dst[c] + (Σ_r src[r·cols + c]) for c < cols, the sum in float32 from +0 with r
  ;; ascending (the bias gradient: column sums of dy added into it).
  (func $colSumAdd (export "colSumAdd")
    (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $c i32) (local $s i32) (local $step i32) (local $v v128) (local $f f32)
    (local.set $step (i32.shl (local.get $cols) (i32.const 2)))
    (block $vecDone
      (loop $vecLoop
        (br_if $vecDone (i32.gt_u (i32.add (local.get $c) (i32.const 4)) (local.get $cols)))
        (local.set $v (v128.const f32x4 0 0 0 0))
        (local.set $s (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 2))))
        (local.set $r (local.get $rows))
        (block $rDone
          (loop $rLoop
            (br_if $rDone (i32.eqz (local.get $r)))
            (local.set $v (f32x4.add (local.get $v) (v128.load (local.get $s))))
            (local.set $s (i32.add (local.get $s) (local.get $step)))
            (local.set $r (i32.sub (local.get $r) (i32.const 1)))
            (br $rLoop)))
        (local.set $s (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 2))))
        (v128.store (local.get $s) (f32x4.add (v128.load (local.get $s)) (local.get $v)))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $vecLoop)))
    (block $tailDone
      (loop $tailLoop
        (br_if $tailDone (i32.ge_u (local.get $c) (local.get $cols)))
        (local.set $f (f32.const 0))
        (local.set $s (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 2))))
        (local.set $r (local.get $rows))
        (block $rDone
          (loop $rLoop
            (br_if $rDone (i32.eqz (local.get $r)))
            (local.set $f (f32.add (local.get $f) (f32.load (local.get $s))))
            (local.set $s (i32.add (local.get $s) (local.get $step)))
            (local.set $r (i32.sub (local.get $r) (i32.const 1)))
            (br $rLoop)))
        (local.set $s (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 2))))
        (f32.store (local.get $s) (f32.add (f32.load (local.get $s)) (local.get $f)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $tailLoop))))

  ;; gemm over a sum of any length, cut into chunks of 64 terms (so that the part of A and B a chunk
  ;; reads stays in the L1 cache); each chunk continues the sums of the one before ($accumulate 1),
  ;; which changes no bit. Arguments as gemm's (C0 = +0).
  (func $gemmK (export "gemmK")
    (param $a i32) (param $b i32) (param $c i32) (param $M i32) (param $N i32) (param $K i32)
    (param $sam i32) (param $sak i32) (param $ldb i32) (param $ldc i32)
    (local $k0 i32) (local $kc i32)
    (block $done
      (loop $chunk
        (br_if $done (i32.ge_u (local.get $k0) (local.get $K)))
        (local.set $kc (i32.sub (local.get $K) (local.get $k0)))
        (if (i32.gt_u (local.get $kc) (i32.const 64)) (then (local.set $kc (i32.const 64))))
        (call $gemm
          (i32.add (local.get $a) (i32.shl (i32.mul (local.get $k0) (local.get $sak)) (i32.const 2)))
          (i32.add (local.get $b) (i32.shl (i32.mul (local.get $k0) (local.get $ldb)) (i32.const 2)))
          (local.get $c) (local.get $M) (local.get $N) (local.get $kc)
          (local.get $sam) (local.get $sak) (local.get $ldb) (local.get $ldc)
          (i32.ne (local.get $k0) (i32.const 0)))
        (local.set $k0 (i32.add (local.get $k0) (i32.const 64)))
        (br $chunk))))

  ;; One layer's forward pass: y = x Wᵀ + bias (batch × nOut, compact), then the activation $act
  ;; (1 tanh, 2 ReLU) in place. With at least 4 outputs and no more than the batch (or a batch of
  ;; 1, where the other way would leave 3 of 4 lanes idle), the lanes run over the outputs (W transposed into $t, C = x Wᵀ at $c), else over the batch (x transposed,
  ;; C = W xᵀ); $ld is C's and $t's row stride. Each output is its own sum: the same bits.
  (func (export "forwardLayer")
    (param $x i32) (param $w i32) (param $bias i32) (param $t i32) (param $c i32) (param $y i32)
    (param $batch i32) (param $nIn i32) (param $nOut i32) (param $ld i32) (param $act i32)
    (if (i32.and (i32.ge_u (local.get $nOut) (i32.const 4))
          (i32.or (i32.le_u (local.get $nOut) (local.get $batch)) (i32.eq (local.get $batch) (i32.const 1))))
      (then
        (call $transpose (local.get $w) (local.get $t) (local.get $nOut) (local.get $nIn) (local.get $ld))
        (call $gemmK (local.get $x) (local.get $t) (local.get $c) (local.get $batch) (local.get $nOut)
          (local.get $nIn) (local.get $nIn) (i32.const 1) (local.get $ld) (local.get $ld))
        (call $biasRows (local.get $c) (local.get $ld) (local.get $bias) (local.get $y)
          (local.get $batch) (local.get $nOut)))
      (else
        (call $transpose (local.get $x) (local.get $t) (local.get $batch) (local.get $nIn) (local.get $ld))
        (call $gemmK (local.get $w) (local.get $t) (local.get $c) (local.get $nOut) (local.get $batch)
          (local.get $nIn) (local.get $nIn) (i32.const 1) (local.get $ld) (local.get $ld))
        (call $biasTranspose (local.get $c) (local.get $ld) (local.get $bias) (local.get $y)
          (local.get $batch) (local.get $nOut))))
    (if (i32.eq (local.get $act) (i32.const 1))
      (then (call $tanh (local.get $y) (i32.mul (local.get $batch) (local.get $nOut)))))
    (if (i32.eq (local.get $act) (i32.const 2))
      (then (call $relu (local.get $y) (i32.mul (local.get $batch) (local.get $nOut))))))

  ;; One layer's backward pass: d ← d · act′(y) in place ($act 1 tanh, 2 ReLU), then the gradient
  ;; block at $g (weight nOut × nIn, then bias) += (dᵀx, Σ_b d) through C at $c, and
  ;; dx = d W (compact, at $dx) through E at $e; $ld is C's and E's row stride.
  (func (export "backwardLayer")
    (param $d i32) (param $y i32) (param $x i32) (param $w i32) (param $c i32) (param $e i32)
    (param $g i32) (param $dx i32) (param $batch i32) (param $nIn i32) (param $nOut i32)
    (param $ld i32) (param $act i32)
    (if (i32.eq (local.get $act) (i32.const 1))
      (then (call $tanhBackward (local.get $y) (local.get $d) (i32.mul (local.get $batch) (local.get $nOut)))))
    (if (i32.eq (local.get $act) (i32.const 2))
      (then (call $reluBackward (local.get $y) (local.get $d) (i32.mul (local.get $batch) (local.get $nOut)))))
    (call $gemmK (local.get $d) (local.get $x) (local.get $c) (local.get $nOut) (local.get $nIn)
      (local.get $batch) (i32.const 1) (local.get $nOut) (local.get $nIn) (local.get $ld))
    (call $addInto (local.get $c) (local.get $ld) (local.get $g) (local.get $nOut) (local.get $nIn) (i32.const 1))
    (call $colSumAdd (local.get $d)
      (i32.add (local.get $g) (i32.shl (i32.mul (local.get $nOut) (local.get $nIn)) (i32.const 2)))
      (local.get $batch) (local.get $nOut))
    (call $gemmK (local.get $d) (local.get $w) (local.get $e) (local.get $batch) (local.get $nIn)
      (local.get $nOut) (local.get $nOut) (i32.const 1) (local.get $nIn) (local.get $ld))
    (call $addInto (local.get $e) (local.get $ld) (local.get $dx) (local.get $batch) (local.get $nIn) (i32.const 0)))
)
