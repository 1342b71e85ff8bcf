;; WebAssembly SIMD kernels behind src/nn/_kernels.ts (compiled into _kernels_wasm.ts by
;; `deno task gen:wasm`). Every address is a byte offset into the exported memory.
;;
;; The matrix product keeps each output's sum in its own f64 lane and adds the products in
;; the same order as the plain JavaScript kernels, so both paths give the same bits.
(module
  (memory (export "memory") 1)

  ;; dst[r·ldd + c] = f64(src[r·cols + c]) for r < rows, c < cols (src f32, dst f64).
  (func (export "promote")
    (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32) (param $ldd i32)
    (local $r i32) (local $c i32) (local $d i32)
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $d
          (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $r) (local.get $ldd)) (i32.const 3))))
        (local.set $c (i32.const 0))
        (block $colsDone
          (loop $colLoop
            (br_if $colsDone (i32.ge_u (local.get $c) (local.get $cols)))
            (f64.store (local.get $d) (f64.promote_f32 (f32.load (local.get $src))))
            (local.set $src (i32.add (local.get $src) (i32.const 4)))
            (local.set $d (i32.add (local.get $d) (i32.const 8)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $colLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; dst[c·ldd + r] = f64(src[r·cols + c]) for r < rows, c < cols: transpose and promote.
  (func (export "transpose")
    (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32) (param $ldd i32)
    (local $r i32) (local $c i32) (local $d i32) (local $step i32)
    (local.set $step (i32.shl (local.get $ldd) (i32.const 3)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 3))))
        (local.set $c (i32.const 0))
        (block $colsDone
          (loop $colLoop
            (br_if $colsDone (i32.ge_u (local.get $c) (local.get $cols)))
            (f64.store (local.get $d) (f64.promote_f32 (f32.load (local.get $src))))
            (local.set $src (i32.add (local.get $src) (i32.const 4)))
            (local.set $d (i32.add (local.get $d) (local.get $step)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $colLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; C[m, n] = C0[m, n] + Σ_k A[m, k] · B[k, n] in f64, k ascending, for m < ⌈M/4⌉·4 and
  ;; n < ⌈N/4⌉·4, where C0 is +0 or, when $accumulate is 1, the C already there (so a long sum
  ;; can be cut into consecutive chunks of k without changing a bit). A, B and C are row-major
  ;; with row strides lda, ldb and ldc (all f64). Rows and columns past M and N are computed
  ;; from whatever memory holds there and must be ignored by the caller; each lane is
  ;; independent of the others.
  (func (export "gemm")
    (param $a i32) (param $b i32) (param $c i32)
    (param $M i32) (param $N i32) (param $K i32)
    (param $lda i32) (param $ldb i32) (param $ldc i32) (param $accumulate i32)
    (local $m i32) (local $n i32) (local $k i32)
    (local $rowA i32) (local $ldbB i32) (local $ldcB i32)
    (local $pa i32) (local $pb i32) (local $pc i32)
    (local $b0 v128) (local $b1 v128) (local $av v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128)
    (local.set $rowA (i32.shl (local.get $lda) (i32.const 3)))
    (local.set $ldbB (i32.shl (local.get $ldb) (i32.const 3)))
    (local.set $ldcB (i32.shl (local.get $ldc) (i32.const 3)))
    (block $mDone
      (loop $mLoop
        (br_if $mDone (i32.ge_u (local.get $m) (local.get $M)))
        (local.set $n (i32.const 0))
        (block $nDone
          (loop $nLoop
            (br_if $nDone (i32.ge_u (local.get $n) (local.get $N)))
            (local.set $pc
              (i32.add
                (i32.add (local.get $c) (i32.mul (local.get $m) (local.get $ldcB)))
                (i32.shl (local.get $n) (i32.const 3))))
            (if (local.get $accumulate)
              (then
                (local.set $c0 (v128.load (local.get $pc)))
                (local.set $c1 (v128.load offset=16 (local.get $pc)))
                (local.set $c2 (v128.load (i32.add (local.get $pc) (local.get $ldcB))))
                (local.set $c3 (v128.load offset=16 (i32.add (local.get $pc) (local.get $ldcB))))
                (local.set $c4
                  (v128.load (i32.add (local.get $pc) (i32.shl (local.get $ldcB) (i32.const 1)))))
                (local.set $c5
                  (v128.load offset=16
                    (i32.add (local.get $pc) (i32.shl (local.get $ldcB) (i32.const 1)))))
                (local.set $c6
                  (v128.load (i32.add (local.get $pc) (i32.mul (local.get $ldcB) (i32.const 3)))))
                (local.set $c7
                  (v128.load offset=16
                    (i32.add (local.get $pc) (i32.mul (local.get $ldcB) (i32.const 3))))))
              (else
                (local.set $c0 (v128.const f64x2 0 0))
                (local.set $c1 (v128.const f64x2 0 0))
                (local.set $c2 (v128.const f64x2 0 0))
                (local.set $c3 (v128.const f64x2 0 0))
                (local.set $c4 (v128.const f64x2 0 0))
                (local.set $c5 (v128.const f64x2 0 0))
                (local.set $c6 (v128.const f64x2 0 0))
                (local.set $c7 (v128.const f64x2 0 0))))
            (local.set $pa
              (i32.add (local.get $a) (i32.mul (local.get $m) (local.get $rowA))))
            (local.set $pb
              (i32.add (local.get $b) (i32.shl (local.get $n) (i32.const 3))))
            (local.set $k (i32.const 0))
            (block $kDone
              (loop $kLoop
                (br_if $kDone (i32.ge_u (local.get $k) (local.get $K)))
                (local.set $b0 (v128.load (local.get $pb)))
                (local.set $b1 (v128.load offset=16 (local.get $pb)))
                (local.set $av (v128.load64_splat (local.get $pa)))
                (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $av) (local.get $b0))))
                (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $av) (local.get $b1))))
                (local.set $av
                  (v128.load64_splat (i32.add (local.get $pa) (local.get $rowA))))
                (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $av) (local.get $b0))))
                (local.set $c3 (f64x2.add (local.get $c3) (f64x2.mul (local.get $av) (local.get $b1))))
                (local.set $av
                  (v128.load64_splat
                    (i32.add (local.get $pa) (i32.shl (local.get $rowA) (i32.const 1)))))
                (local.set $c4 (f64x2.add (local.get $c4) (f64x2.mul (local.get $av) (local.get $b0))))
                (local.set $c5 (f64x2.add (local.get $c5) (f64x2.mul (local.get $av) (local.get $b1))))
                (local.set $av
                  (v128.load64_splat
                    (i32.add (local.get $pa) (i32.mul (local.get $rowA) (i32.const 3)))))
                (local.set $c6 (f64x2.add (local.get $c6) (f64x2.mul (local.get $av) (local.get $b0))))
                (local.set $c7 (f64x2.add (local.get $c7) (f64x2.mul (local.get $av) (local.get $b1))))
                (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                (local.set $pb (i32.add (local.get $pb) (local.get $ldbB)))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $kLoop)))
            (v128.store (local.get $pc) (local.get $c0))
            (v128.store offset=16 (local.get $pc) (local.get $c1))
            (local.set $pc (i32.add (local.get $pc) (local.get $ldcB)))
            (v128.store (local.get $pc) (local.get $c2))
            (v128.store offset=16 (local.get $pc) (local.get $c3))
            (local.set $pc (i32.add (local.get $pc) (local.get $ldcB)))
            (v128.store (local.get $pc) (local.get $c4))
            (v128.store offset=16 (local.get $pc) (local.get $c5))
            (local.set $pc (i32.add (local.get $pc) (local.get $ldcB)))
            (v128.store (local.get $pc) (local.get $c6))
            (v128.store offset=16 (local.get $pc) (local.get $c7))
            (local.set $n (i32.add (local.get $n) (i32.const 4)))
            (br $nLoop)))
        (local.set $m (i32.add (local.get $m) (i32.const 4)))
        (br $mLoop))))
)
