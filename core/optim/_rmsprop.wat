;; WebAssembly SIMD kernels of RMSprop in float32 (compiled into _rmsprop_wasm_bytes.ts by
;; `deno task gen:wasm`). The memory is imported: it is a Float32Arena's, where the parameters,
;; gradients and optimizer state live, so a step reads and writes them in place.
;;
;; Every operation is one IEEE float32 operation (f32x4 lanes or f32 scalars, correctly rounded),
;; in the order of rmsprop.ts's JavaScript float32 loops, which round after each operation with
;; Math.fround: both paths give the same bits (NaN payloads aside). Addresses are byte offsets.
(module
  (import "env" "memory" (memory 1))

  ;; v = ρv + ((1-ρ)g)g; d = sqrt(v + epsIn) + epsOut; p = p - (lr·g)/d.
  (func (export "plain")
    (param $p i32) (param $g i32) (param $v i32) (param $n i32)
    (param $lr f32) (param $rho f32) (param $c f32) (param $epsIn f32) (param $epsOut f32)
    (local $end i32) (local $lr4 v128) (local $rho4 v128) (local $c4 v128) (local $ei4 v128)
    (local $eo4 v128) (local $g4 v128) (local $v4 v128) (local $gs f32) (local $vs f32)
    (local.set $lr4 (f32x4.splat (local.get $lr)))
    (local.set $rho4 (f32x4.splat (local.get $rho)))
    (local.set $c4 (f32x4.splat (local.get $c)))
    (local.set $ei4 (f32x4.splat (local.get $epsIn)))
    (local.set $eo4 (f32x4.splat (local.get $epsOut)))
    ;; $end: the byte offset in $p where the 4-wide part stops.
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done4
      (loop $loop4
        (br_if $done4 (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $g4 (v128.load (local.get $g)))
        (local.set $v4
          (f32x4.add
            (f32x4.mul (local.get $rho4) (v128.load (local.get $v)))
            (f32x4.mul (f32x4.mul (local.get $c4) (local.get $g4)) (local.get $g4))))
        (v128.store (local.get $v) (local.get $v4))
        (v128.store (local.get $p)
          (f32x4.sub
            (v128.load (local.get $p))
            (f32x4.div
              (f32x4.mul (local.get $lr4) (local.get $g4))
              (f32x4.add (f32x4.sqrt (f32x4.add (local.get $v4) (local.get $ei4))) (local.get $eo4)))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (br $loop4)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
    (block $done1
      (loop $loop1
        (br_if $done1 (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $gs (f32.load (local.get $g)))
        (local.set $vs
          (f32.add
            (f32.mul (local.get $rho) (f32.load (local.get $v)))
            (f32.mul (f32.mul (local.get $c) (local.get $gs)) (local.get $gs))))
        (f32.store (local.get $v) (local.get $vs))
        (f32.store (local.get $p)
          (f32.sub
            (f32.load (local.get $p))
            (f32.div
              (f32.mul (local.get $lr) (local.get $gs))
              (f32.add (f32.sqrt (f32.add (local.get $vs) (local.get $epsIn))) (local.get $epsOut)))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (local.set $v (i32.add (local.get $v) (i32.const 4)))
        (br $loop1))))

;; The general update over n elements, 4 lanes at a time; $flags: 1 centered, 2 momentum, 4
  ;; tf-style momentum, 8 coupled weight decay, 16 decoupled weight decay, 32 maximize. The last
  ;; n mod 4 elements are copied to the 80-byte scratch block at $scratch (lanes beyond the array
  ;; are zero and discarded) and go through the same loop body once more, then are copied back, so
  ;; the tail computes exactly what a lane computes.
  (func $general (export "general")
    (param $p i32) (param $g i32) (param $v i32) (param $m i32) (param $b i32) (param $n i32)
    (param $flags i32) (param $scratch i32)
    (param $lr f32) (param $rho f32) (param $c f32) (param $epsIn f32) (param $epsOut f32)
    (param $mom f32) (param $wd f32) (param $lrwd f32)
    (local $end i32) (local $rest i32) (local $tail i32) (local $k i32)
    (local $tp i32) (local $tg i32) (local $tv i32) (local $tm i32) (local $tb i32)
    (local $lr4 v128) (local $rho4 v128) (local $c4 v128) (local $ei4 v128) (local $eo4 v128)
    (local $mom4 v128) (local $wd4 v128) (local $lrwd4 v128)
    (local $pi v128) (local $gi v128) (local $vi v128) (local $var v128) (local $mi v128)
    (local $d v128) (local $bi v128)
    (local.set $lr4 (f32x4.splat (local.get $lr)))
    (local.set $rho4 (f32x4.splat (local.get $rho)))
    (local.set $c4 (f32x4.splat (local.get $c)))
    (local.set $ei4 (f32x4.splat (local.get $epsIn)))
    (local.set $eo4 (f32x4.splat (local.get $epsOut)))
    (local.set $mom4 (f32x4.splat (local.get $mom)))
    (local.set $wd4 (f32x4.splat (local.get $wd)))
    (local.set $lrwd4 (f32x4.splat (local.get $lrwd)))
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (local.set $rest (i32.and (local.get $n) (i32.const 3)))
    (block $exit
      (loop $loop
        (if (i32.ge_u (local.get $p) (local.get $end))
          (then
            (br_if $exit (i32.or (local.get $tail) (i32.eqz (local.get $rest))))
            ;; The tail: zero the scratch, copy the last elements in, point the loop at it.
            (v128.store (local.get $scratch) (v128.const i32x4 0 0 0 0))
            (v128.store offset=16 (local.get $scratch) (v128.const i32x4 0 0 0 0))
            (v128.store offset=32 (local.get $scratch) (v128.const i32x4 0 0 0 0))
            (v128.store offset=48 (local.get $scratch) (v128.const i32x4 0 0 0 0))
            (v128.store offset=64 (local.get $scratch) (v128.const i32x4 0 0 0 0))
            (local.set $tp (local.get $p)) (local.set $tg (local.get $g)) (local.set $tv (local.get $v))
            (local.set $tm (local.get $m)) (local.set $tb (local.get $b))
            (local.set $k (i32.const 0))
            (block $in
              (loop $copyIn
                (br_if $in (i32.ge_u (local.get $k) (i32.shl (local.get $rest) (i32.const 2))))
                (f32.store (i32.add (local.get $scratch) (local.get $k))
                  (f32.load (i32.add (local.get $tp) (local.get $k))))
                (f32.store offset=16 (i32.add (local.get $scratch) (local.get $k))
                  (f32.load (i32.add (local.get $tg) (local.get $k))))
                (f32.store offset=32 (i32.add (local.get $scratch) (local.get $k))
                  (f32.load (i32.add (local.get $tv) (local.get $k))))
                (if (i32.and (local.get $flags) (i32.const 1))
                  (then (f32.store offset=48 (i32.add (local.get $scratch) (local.get $k))
                    (f32.load (i32.add (local.get $tm) (local.get $k))))))
                (if (i32.and (local.get $flags) (i32.const 2))
                  (then (f32.store offset=64 (i32.add (local.get $scratch) (local.get $k))
                    (f32.load (i32.add (local.get $tb) (local.get $k))))))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $copyIn)))
            (local.set $p (local.get $scratch))
            (local.set $g (i32.add (local.get $scratch) (i32.const 16)))
            (local.set $v (i32.add (local.get $scratch) (i32.const 32)))
            (local.set $m (i32.add (local.get $scratch) (i32.const 48)))
            (local.set $b (i32.add (local.get $scratch) (i32.const 64)))
            (local.set $end (i32.add (local.get $scratch) (i32.const 16)))
            (local.set $tail (i32.const 1))))
        ;; The body: one update of 4 lanes.
        (local.set $pi (v128.load (local.get $p)))
        (local.set $gi (v128.load (local.get $g)))
        (if (i32.and (local.get $flags) (i32.const 32))
          (then (local.set $gi (f32x4.neg (local.get $gi)))))
        (if (i32.and (local.get $flags) (i32.const 8))
          (then (local.set $gi (f32x4.add (local.get $gi) (f32x4.mul (local.get $wd4) (local.get $pi))))))
        (if (i32.and (local.get $flags) (i32.const 16))
          (then (local.set $pi (f32x4.sub (local.get $pi) (f32x4.mul (local.get $pi) (local.get $lrwd4))))))
        (local.set $vi
          (f32x4.add
            (f32x4.mul (local.get $rho4) (v128.load (local.get $v)))
            (f32x4.mul (f32x4.mul (local.get $c4) (local.get $gi)) (local.get $gi))))
        (v128.store (local.get $v) (local.get $vi))
        (local.set $var (local.get $vi))
        (if (i32.and (local.get $flags) (i32.const 1))
          (then
            (local.set $mi
              (f32x4.add
                (f32x4.mul (local.get $rho4) (v128.load (local.get $m)))
                (f32x4.mul (local.get $c4) (local.get $gi))))
            (v128.store (local.get $m) (local.get $mi))
            (local.set $var (f32x4.sub (local.get $vi) (f32x4.mul (local.get $mi) (local.get $mi))))))
        (local.set $d
          (f32x4.add (f32x4.sqrt (f32x4.add (local.get $var) (local.get $ei4))) (local.get $eo4)))
        (if (i32.and (local.get $flags) (i32.const 2))
          (then
            (if (i32.and (local.get $flags) (i32.const 4))
              (then
                (local.set $bi
                  (f32x4.add
                    (f32x4.mul (local.get $mom4) (v128.load (local.get $b)))
                    (f32x4.div (f32x4.mul (local.get $lr4) (local.get $gi)) (local.get $d))))
                (local.set $pi (f32x4.sub (local.get $pi) (local.get $bi))))
              (else
                (local.set $bi
                  (f32x4.add
                    (f32x4.mul (local.get $mom4) (v128.load (local.get $b)))
                    (f32x4.div (local.get $gi) (local.get $d))))
                (local.set $pi (f32x4.sub (local.get $pi) (f32x4.mul (local.get $lr4) (local.get $bi))))))
            (v128.store (local.get $b) (local.get $bi)))
          (else
            (local.set $pi
              (f32x4.sub (local.get $pi)
                (f32x4.div (f32x4.mul (local.get $lr4) (local.get $gi)) (local.get $d))))))
        (v128.store (local.get $p) (local.get $pi))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br $loop)))
    (if (i32.eqz (local.get $tail)) (then (return)))
    (local.set $k (i32.const 0))
    (block $out
      (loop $copyOut
        (br_if $out (i32.ge_u (local.get $k) (i32.shl (local.get $rest) (i32.const 2))))
        (f32.store (i32.add (local.get $tp) (local.get $k))
          (f32.load (i32.add (local.get $scratch) (local.get $k))))
        (f32.store (i32.add (local.get $tv) (local.get $k))
          (f32.load offset=32 (i32.add (local.get $scratch) (local.get $k))))
        (if (i32.and (local.get $flags) (i32.const 1))
          (then (f32.store (i32.add (local.get $tm) (local.get $k))
            (f32.load offset=48 (i32.add (local.get $scratch) (local.get $k))))))
        (if (i32.and (local.get $flags) (i32.const 2))
          (then (f32.store (i32.add (local.get $tb) (local.get $k))
            (f32.load offset=64 (i32.add (local.get $scratch) (local.get $k))))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $copyOut))))

  ;; Centered (no momentum, no weight decay, not maximizing), without branches: as $general with flags 1.
  ;; The three branch-free kernels take $general's parameters ($flags, $wd and $lrwd are unused), so
  ;; the caller picks one and calls it the same way.
  (func (export "centered")
    (param $p i32) (param $g i32) (param $v i32) (param $m i32) (param $b i32) (param $n i32)
    (param $flags i32) (param $scratch i32)
    (param $lr f32) (param $rho f32) (param $c f32) (param $epsIn f32) (param $epsOut f32)
    (param $mom f32) (param $wd f32) (param $lrwd f32)
    (local $end i32) (local $lr4 v128) (local $rho4 v128) (local $c4 v128) (local $ei4 v128)
    (local $eo4 v128) (local $mom4 v128) (local $g4 v128) (local $v4 v128) (local $m4 v128)
    (local $var v128) (local $d v128) (local $b4 v128)
    (local.set $lr4 (f32x4.splat (local.get $lr)))
    (local.set $rho4 (f32x4.splat (local.get $rho)))
    (local.set $c4 (f32x4.splat (local.get $c)))
    (local.set $ei4 (f32x4.splat (local.get $epsIn)))
    (local.set $eo4 (f32x4.splat (local.get $epsOut)))
    (local.set $mom4 (f32x4.splat (local.get $mom)))
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $g4 (v128.load (local.get $g)))
        (local.set $v4
          (f32x4.add
            (f32x4.mul (local.get $rho4) (v128.load (local.get $v)))
            (f32x4.mul (f32x4.mul (local.get $c4) (local.get $g4)) (local.get $g4))))
        (v128.store (local.get $v) (local.get $v4))
        (local.set $m4
          (f32x4.add
            (f32x4.mul (local.get $rho4) (v128.load (local.get $m)))
            (f32x4.mul (local.get $c4) (local.get $g4))))
        (v128.store (local.get $m) (local.get $m4))
        (local.set $var (f32x4.sub (local.get $v4) (f32x4.mul (local.get $m4) (local.get $m4))))
        (local.set $d
          (f32x4.add (f32x4.sqrt (f32x4.add (local.get $var) (local.get $ei4))) (local.get $eo4)))
        (v128.store (local.get $p)
          (f32x4.sub (v128.load (local.get $p))
            (f32x4.div (f32x4.mul (local.get $lr4) (local.get $g4)) (local.get $d))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br $loop)))
    ;; The last n mod 4 elements: the general loop, whose lanes compute the same.
    (call $general (local.get $p) (local.get $g) (local.get $v) (local.get $m) (local.get $b)
      (i32.and (local.get $n) (i32.const 3)) (i32.const 1) (local.get $scratch)
      (local.get $lr) (local.get $rho) (local.get $c) (local.get $epsIn) (local.get $epsOut)
      (local.get $mom) (f32.const 0) (f32.const 0)))

  ;; Torch-style momentum (not centered, no weight decay, not maximizing): as $general with flags 2.
  (func (export "momentum")
    (param $p i32) (param $g i32) (param $v i32) (param $m i32) (param $b i32) (param $n i32)
    (param $flags i32) (param $scratch i32)
    (param $lr f32) (param $rho f32) (param $c f32) (param $epsIn f32) (param $epsOut f32)
    (param $mom f32) (param $wd f32) (param $lrwd f32)
    (local $end i32) (local $lr4 v128) (local $rho4 v128) (local $c4 v128) (local $ei4 v128)
    (local $eo4 v128) (local $mom4 v128) (local $g4 v128) (local $v4 v128) (local $m4 v128)
    (local $var v128) (local $d v128) (local $b4 v128)
    (local.set $lr4 (f32x4.splat (local.get $lr)))
    (local.set $rho4 (f32x4.splat (local.get $rho)))
    (local.set $c4 (f32x4.splat (local.get $c)))
    (local.set $ei4 (f32x4.splat (local.get $epsIn)))
    (local.set $eo4 (f32x4.splat (local.get $epsOut)))
    (local.set $mom4 (f32x4.splat (local.get $mom)))
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $g4 (v128.load (local.get $g)))
        (local.set $v4
          (f32x4.add
            (f32x4.mul (local.get $rho4) (v128.load (local.get $v)))
            (f32x4.mul (f32x4.mul (local.get $c4) (local.get $g4)) (local.get $g4))))
        (v128.store (local.get $v) (local.get $v4))
        (local.set $var (local.get $v4))
        (local.set $d
          (f32x4.add (f32x4.sqrt (f32x4.add (local.get $var) (local.get $ei4))) (local.get $eo4)))
        (local.set $b4
          (f32x4.add
            (f32x4.mul (local.get $mom4) (v128.load (local.get $b)))
            (f32x4.div (local.get $g4) (local.get $d))))
        (v128.store (local.get $b) (local.get $b4))
        (v128.store (local.get $p)
          (f32x4.sub (v128.load (local.get $p)) (f32x4.mul (local.get $lr4) (local.get $b4))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br $loop)))
    ;; The last n mod 4 elements: the general loop, whose lanes compute the same.
    (call $general (local.get $p) (local.get $g) (local.get $v) (local.get $m) (local.get $b)
      (i32.and (local.get $n) (i32.const 3)) (i32.const 2) (local.get $scratch)
      (local.get $lr) (local.get $rho) (local.get $c) (local.get $epsIn) (local.get $epsOut)
      (local.get $mom) (f32.const 0) (f32.const 0)))

  ;; Centered with torch-style momentum: as $general with flags 3.
  (func (export "centeredMomentum")
    (param $p i32) (param $g i32) (param $v i32) (param $m i32) (param $b i32) (param $n i32)
    (param $flags i32) (param $scratch i32)
    (param $lr f32) (param $rho f32) (param $c f32) (param $epsIn f32) (param $epsOut f32)
    (param $mom f32) (param $wd f32) (param $lrwd f32)
    (local $end i32) (local $lr4 v128) (local $rho4 v128) (local $c4 v128) (local $ei4 v128)
    (local $eo4 v128) (local $mom4 v128) (local $g4 v128) (local $v4 v128) (local $m4 v128)
    (local $var v128) (local $d v128) (local $b4 v128)
    (local.set $lr4 (f32x4.splat (local.get $lr)))
    (local.set $rho4 (f32x4.splat (local.get $rho)))
    (local.set $c4 (f32x4.splat (local.get $c)))
    (local.set $ei4 (f32x4.splat (local.get $epsIn)))
    (local.set $eo4 (f32x4.splat (local.get $epsOut)))
    (local.set $mom4 (f32x4.splat (local.get $mom)))
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $g4 (v128.load (local.get $g)))
        (local.set $v4
          (f32x4.add
            (f32x4.mul (local.get $rho4) (v128.load (local.get $v)))
            (f32x4.mul (f32x4.mul (local.get $c4) (local.get $g4)) (local.get $g4))))
        (v128.store (local.get $v) (local.get $v4))
        (local.set $m4
          (f32x4.add
            (f32x4.mul (local.get $rho4) (v128.load (local.get $m)))
            (f32x4.mul (local.get $c4) (local.get $g4))))
        (v128.store (local.get $m) (local.get $m4))
        (local.set $var (f32x4.sub (local.get $v4) (f32x4.mul (local.get $m4) (local.get $m4))))
        (local.set $d
          (f32x4.add (f32x4.sqrt (f32x4.add (local.get $var) (local.get $ei4))) (local.get $eo4)))
        (local.set $b4
          (f32x4.add
            (f32x4.mul (local.get $mom4) (v128.load (local.get $b)))
            (f32x4.div (local.get $g4) (local.get $d))))
        (v128.store (local.get $b) (local.get $b4))
        (v128.store (local.get $p)
          (f32x4.sub (v128.load (local.get $p)) (f32x4.mul (local.get $lr4) (local.get $b4))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br $loop)))
    ;; The last n mod 4 elements: the general loop, whose lanes compute the same.
    (call $general (local.get $p) (local.get $g) (local.get $v) (local.get $m) (local.get $b)
      (i32.and (local.get $n) (i32.const 3)) (i32.const 3) (local.get $scratch)
      (local.get $lr) (local.get $rho) (local.get $c) (local.get $epsIn) (local.get $epsOut)
      (local.get $mom) (f32.const 0) (f32.const 0)))

  ;; clip.ts's sum of squares of n float32 values at $g, in float64: eight partial sums, s_j over
  ;; the indices ≡ j (mod 8) in ascending order from +0, each square exact (a float32 squared fits
  ;; a float64), combined as ((s0 + s2) + (s4 + s6)) + ((s1 + s3) + (s5 + s7)). Lanes: $s01 holds
  ;; (s0, s1), $s23 (s2, s3) and so on. The last n mod 8 values are copied to the 32-byte scratch
  ;; block at $scratch, zero-padded (adding +0 leaves a partial sum unchanged), for one more round.
  (func (export "sumSquares") (param $g i32) (param $n i32) (param $scratch i32) (result f64)
    (local $end i32) (local $k i32) (local $last i32) (local $a v128) (local $b v128)
    (local $s01 v128) (local $s23 v128) (local $s45 v128) (local $s67 v128)
    (local.set $end (i32.add (local.get $g) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 2))))
    (block $done
      (loop $loop
        (if (i32.ge_u (local.get $g) (local.get $end))
          (then
            (br_if $done (i32.or (local.get $last) (i32.eqz (i32.and (local.get $n) (i32.const 7)))))
            (v128.store (local.get $scratch) (v128.const i32x4 0 0 0 0))
            (v128.store offset=16 (local.get $scratch) (v128.const i32x4 0 0 0 0))
            (local.set $k (i32.const 0))
            (block $copied
              (loop $copy
                (br_if $copied (i32.ge_u (local.get $k) (i32.shl (i32.and (local.get $n) (i32.const 7)) (i32.const 2))))
                (f32.store (i32.add (local.get $scratch) (local.get $k))
                  (f32.load (i32.add (local.get $g) (local.get $k))))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $copy)))
            (local.set $g (local.get $scratch))
            (local.set $end (i32.add (local.get $scratch) (i32.const 32)))
            (local.set $last (i32.const 1))))
        (local.set $a (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $g))))
        (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $a) (local.get $a))))
        (local.set $a (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $g))))
        (local.set $s23 (f64x2.add (local.get $s23) (f64x2.mul (local.get $a) (local.get $a))))
        (local.set $a (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $g))))
        (local.set $s45 (f64x2.add (local.get $s45) (f64x2.mul (local.get $a) (local.get $a))))
        (local.set $a (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (local.get $g))))
        (local.set $s67 (f64x2.add (local.get $s67) (f64x2.mul (local.get $a) (local.get $a))))
        (local.set $g (i32.add (local.get $g) (i32.const 32)))
        (br $loop)))
    ;; (s0 + s2, s1 + s3) + (s4 + s6, s5 + s7), then lane 0 + lane 1
    (local.set $b
      (f64x2.add (f64x2.add (local.get $s01) (local.get $s23)) (f64x2.add (local.get $s45) (local.get $s67))))
    (f64.add (f64x2.extract_lane 0 (local.get $b)) (f64x2.extract_lane 1 (local.get $b))))

  ;; g ← f32(g · s) for n float32 values at $g, the product in float64 (as clip.ts's `g[i] *= s`).
  (func (export "scale") (param $g i32) (param $n i32) (param $s f64)
    (local $end i32) (local $s2 v128) (local $a v128)
    (local.set $s2 (f64x2.splat (local.get $s)))
    (local.set $end (i32.add (local.get $g) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done4
      (loop $loop4
        (br_if $done4 (i32.ge_u (local.get $g) (local.get $end)))
        (local.set $a (v128.load (local.get $g)))
        (v128.store (local.get $g)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (local.get $a)) (local.get $s2)))
            (f32x4.demote_f64x2_zero
              (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $g))) (local.get $s2)))))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (br $loop4)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
    (block $done1
      (loop $loop1
        (br_if $done1 (i32.ge_u (local.get $g) (local.get $end)))
        (f32.store (local.get $g)
          (f32.demote_f64 (f64.mul (f64.promote_f32 (f32.load (local.get $g))) (local.get $s))))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (br $loop1)))))
