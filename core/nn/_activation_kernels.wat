;; WebAssembly SIMD kernels of the float32 activations (compiled into _activation_kernels_bytes.ts
;; by `deno task gen:wasm`), in place on float32 arrays in the imported memory (byte offsets), so
;; that they can run on the output of another kernel over the same memory without a copy. Each
;; gives the same bits as the JavaScript loops of _kernels.ts (NaN payloads aside).
;;
;; tanh_f32: y[k] ← tanhFloat32(y[k]) (core/math/tanh_float32.ts: the float32 rounding of the
;; correctly rounded tanh), 8 values at a time in 4 independent chains of f64x2 lanes, no table:
;;
;;   a = min(|x|, 19.1)          (above 19.1, 1 − tanh a < 2^-54: the float32 result is 1)
;;   v = 2a = k·ln2 + r          k = round(v/ln2) ∈ [0, 55], |r| ≤ ln2/2 (Cody–Waite)
;;   p = r + r²·q(r),  q(r) = Σ_{j≤10} r^j/(j+2)!   (Taylor for e^r − 1 to degree 12, Estrin)
;;   s = 2^k                     (k's integer bits shifted into the exponent field of 1.0)
;;   E = s·p + (s − 1) = e^v − 1,   y = E/(E + 2) = tanh a
;;
;; Error bound (relative, u = 2^-53):
;; - Reduction: v is exact; ln2_hi has 32 significant bits, so k·ln2_hi is exact and so is
;;   v − k·ln2_hi (for k ≥ 1 both are multiples of 2^-32 and the difference is below 1/2; for
;;   k = 0, r = v). Then − k·ln2_lo costs ≤ u·|r| + 2^-77 (ln2_hi + ln2_lo is ln2 to 2^-86):
;;   |Δr| ≤ 2^-54.5, a relative error of at most 2^-54.5 in e^r.
;; - Polynomial: the tail Σ_{j≥11} r^j/(j+2)! ≤ 1.03·|r|^11/13! ≤ 1.5e-15 ≤ 2^-48.1·q (q ≥ 0.447
;;   on |r| ≤ ln2/2); the Estrin roundings, with every |term| summing to ≤ 1.3 q, cost ≤ 5u·1.3.
;;   As |r²q| ≤ 0.183·|e^r − 1|, p's relative error is ≤ 0.183·(2^-48.1 + 2^-49.7 + u) + u
;;   ≤ 2^-49.5.
;; - E: s·p is exact and s − 1 too (up to k = 53; one rounding above). For k ≥ 1, |s·p| ≤ 1.42·E
;;   and s·e^r ≤ 3.5·E, so E's relative error is ≤ 1.42·2^-49.5 + 3.5·2^-54.5 + 2u ≤ 2^-48.7
;;   (for k = 0, E = p exactly).
;; - y = E/(E + 2): the error of E passes at most once (factor 2/(E + 2) ≤ 1), plus the two
;;   roundings of + and ÷: |y − tanh a| ≤ 2^-48.5·tanh a.
;; The test uses ε = 2^-44 (a 22× margin): when fl32(y − εy) = fl32(y + εy) = f (both endpoints
;; computed in doubles still lie ≥ (ε − 2u)·y away from y), every real in between rounds to f,
;; including tanh a and the double tanh(a) of core/math/tanh.ts (within an ulp of tanh a); so f =
;; fround(tanh(a)) = tanhFloat32(a), also for |x| < 2^-27 (where y = v/(v + 2) rounds to a) and
;; |x| > 19.1 (f = 1). Lanes where the two roundings differ (414 of the 2^32 float32 inputs) or
;; x is NaN are recomputed by the imported scalar `tanh` (tanhFloat32 itself). The sign is x's
;; sign bit (±0 stays ±0). bench/math/tanh_float32_wasm_exhaustive.ts compares every float32.
(module
  (import "env" "memory" (memory 1))
  (import "env" "tanh" (func $tanh (param f64) (result f64)))

  ;; The constants live in mutable globals: V8 then loads them in the loop, where it would rebuild
  ;; each v128.const from immediates at every use (which made the loop 2× slower).
  (global $CAP (mut v128) (v128.const f64x2 19.1 19.1))
  (global $INV_LN2 (mut v128) (v128.const f64x2 1.4426950408889634 1.4426950408889634))
  (global $SHIFTER (mut v128) (v128.const f64x2 6755399441055744.0 6755399441055744.0)) ;; 1.5·2^52
  (global $ONE (mut v128) (v128.const f64x2 1.0 1.0)) ;; also 0x3ff0000000000000, 1.0's bits
  (global $TWO (mut v128) (v128.const f64x2 2.0 2.0))
  (global $LN2_HI (mut v128) (v128.const f64x2 6.93147180369123816490e-01 6.93147180369123816490e-01))
  (global $LN2_LO (mut v128) (v128.const f64x2 1.90821492927058770002e-10 1.90821492927058770002e-10))
  (global $EPS (mut v128) (v128.const f64x2 0x1p-44 0x1p-44))
  (global $SIGN (mut v128) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))
  ;; 1/j! for j = 2 .. 12 (the doubles nearest to them)
  (global $C2 (mut v128) (v128.const f64x2 0.5 0.5))
  (global $C3 (mut v128) (v128.const f64x2 0.16666666666666666 0.16666666666666666))
  (global $C4 (mut v128) (v128.const f64x2 4.1666666666666664e-2 4.1666666666666664e-2))
  (global $C5 (mut v128) (v128.const f64x2 8.333333333333333e-3 8.333333333333333e-3))
  (global $C6 (mut v128) (v128.const f64x2 1.388888888888889e-3 1.388888888888889e-3))
  (global $C7 (mut v128) (v128.const f64x2 1.984126984126984e-4 1.984126984126984e-4))
  (global $C8 (mut v128) (v128.const f64x2 2.48015873015873e-5 2.48015873015873e-5))
  (global $C9 (mut v128) (v128.const f64x2 2.7557319223985893e-6 2.7557319223985893e-6))
  (global $C10 (mut v128) (v128.const f64x2 2.755731922398589e-7 2.755731922398589e-7))
  (global $C11 (mut v128) (v128.const f64x2 2.505210838544172e-8 2.505210838544172e-8))
  (global $C12 (mut v128) (v128.const f64x2 2.08767569878681e-9 2.08767569878681e-9))

  ;; Stores tanh(x[i]) (the scalar path) at p + 4i for each lane i where ok[i] is 0.
  (func $fix (param $p i32) (param $x v128) (param $ok v128)
    (if (i32.eqz (i32x4.extract_lane 0 (local.get $ok)))
      (then (f32.store offset=0 (local.get $p)
        (f32.demote_f64 (call $tanh (f64.promote_f32 (f32x4.extract_lane 0 (local.get $x))))))))
    (if (i32.eqz (i32x4.extract_lane 1 (local.get $ok)))
      (then (f32.store offset=4 (local.get $p)
        (f32.demote_f64 (call $tanh (f64.promote_f32 (f32x4.extract_lane 1 (local.get $x))))))))
    (if (i32.eqz (i32x4.extract_lane 2 (local.get $ok)))
      (then (f32.store offset=8 (local.get $p)
        (f32.demote_f64 (call $tanh (f64.promote_f32 (f32x4.extract_lane 2 (local.get $x))))))))
    (if (i32.eqz (i32x4.extract_lane 3 (local.get $ok)))
      (then (f32.store offset=12 (local.get $p)
        (f32.demote_f64 (call $tanh (f64.promote_f32 (f32x4.extract_lane 3 (local.get $x)))))))))

  ;; y[k] ← tanhFloat32(y[k]) for the n float32 values at byte offset p (any alignment): blocks
  ;; of 8 values in 4 independent f64x2 chains; when 8 ∤ n, the last block overlaps the one before
  ;; and is computed from its values saved before the loop (so nothing is computed twice over).
  (func (export "tanh_f32") (param $p i32) (param $n i32)
    (local $last i32) (local $x0 v128) (local $x1 v128) (local $last0 v128) (local $last1 v128)
    (local $lo0 v128) (local $lo1 v128) (local $hi0 v128) (local $hi1 v128)
    (local $va v128) (local $vb v128) (local $vc v128) (local $vd v128)
    (local $ka v128) (local $kb v128) (local $kc v128) (local $kd v128)
    (local $ra v128) (local $rb v128) (local $rc v128) (local $rd v128)
    (local $sa v128) (local $sb v128) (local $sc v128) (local $sd v128)
    (local $qa v128) (local $qb v128) (local $qc v128) (local $qd v128)
    (if (i32.lt_u (local.get $n) (i32.const 8))
      (then
        ;; fewer than 8 values: the scalar path
        (local.set $last (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
        (block $done
          (loop $loop1
            (br_if $done (i32.ge_u (local.get $p) (local.get $last)))
            (f32.store (local.get $p)
              (f32.demote_f64 (call $tanh (f64.promote_f32 (f32.load (local.get $p))))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $loop1)))
        (return)))
    (local.set $last (i32.add (local.get $p) (i32.shl (i32.sub (local.get $n) (i32.const 8)) (i32.const 2))))
    (local.set $last0 (v128.load align=4 (local.get $last)))
    (local.set $last1 (v128.load offset=16 align=4 (local.get $last)))
    (loop $loop8
        ;; x: the 8 values (the saved originals for the last, overlapping block)
        (local.set $x0 (select (local.get $last0) (v128.load align=4 (local.get $p)) (i32.eq (local.get $p) (local.get $last))))
        (local.set $x1 (select (local.get $last1) (v128.load offset=16 align=4 (local.get $p)) (i32.eq (local.get $p) (local.get $last))))
        ;; v = 2·min(|x|, 19.1) in f64x2 chains a, b (x0) and c, d (x1); pmin keeps NaN
        (local.set $va (f64x2.pmin (f64x2.abs (f64x2.promote_low_f32x4 (local.get $x0))) (global.get $CAP)))
        (local.set $vb (f64x2.pmin (f64x2.abs (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x0) (local.get $x0)))) (global.get $CAP)))
        (local.set $vc (f64x2.pmin (f64x2.abs (f64x2.promote_low_f32x4 (local.get $x1))) (global.get $CAP)))
        (local.set $vd (f64x2.pmin (f64x2.abs (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x1) (local.get $x1)))) (global.get $CAP)))
        (local.set $va (f64x2.add (local.get $va) (local.get $va)))
        (local.set $vb (f64x2.add (local.get $vb) (local.get $vb)))
        (local.set $vc (f64x2.add (local.get $vc) (local.get $vc)))
        (local.set $vd (f64x2.add (local.get $vd) (local.get $vd)))
        ;; t = v/ln2 + 1.5·2^52: k = round(v/ln2) sits in the low bits of t; s = 2^k
        (local.set $ka (f64x2.add (f64x2.mul (local.get $va) (global.get $INV_LN2)) (global.get $SHIFTER)))
        (local.set $kb (f64x2.add (f64x2.mul (local.get $vb) (global.get $INV_LN2)) (global.get $SHIFTER)))
        (local.set $kc (f64x2.add (f64x2.mul (local.get $vc) (global.get $INV_LN2)) (global.get $SHIFTER)))
        (local.set $kd (f64x2.add (f64x2.mul (local.get $vd) (global.get $INV_LN2)) (global.get $SHIFTER)))
        (local.set $sa (i64x2.add (i64x2.shl (local.get $ka) (i32.const 52)) (global.get $ONE)))
        (local.set $sb (i64x2.add (i64x2.shl (local.get $kb) (i32.const 52)) (global.get $ONE)))
        (local.set $sc (i64x2.add (i64x2.shl (local.get $kc) (i32.const 52)) (global.get $ONE)))
        (local.set $sd (i64x2.add (i64x2.shl (local.get $kd) (i32.const 52)) (global.get $ONE)))
        (local.set $ka (f64x2.sub (local.get $ka) (global.get $SHIFTER)))
        (local.set $kb (f64x2.sub (local.get $kb) (global.get $SHIFTER)))
        (local.set $kc (f64x2.sub (local.get $kc) (global.get $SHIFTER)))
        (local.set $kd (f64x2.sub (local.get $kd) (global.get $SHIFTER)))
        ;; r = (v − k·ln2_hi) − k·ln2_lo
        (local.set $ra (f64x2.sub (f64x2.sub (local.get $va) (f64x2.mul (local.get $ka) (global.get $LN2_HI))) (f64x2.mul (local.get $ka) (global.get $LN2_LO))))
        (local.set $rb (f64x2.sub (f64x2.sub (local.get $vb) (f64x2.mul (local.get $kb) (global.get $LN2_HI))) (f64x2.mul (local.get $kb) (global.get $LN2_LO))))
        (local.set $rc (f64x2.sub (f64x2.sub (local.get $vc) (f64x2.mul (local.get $kc) (global.get $LN2_HI))) (f64x2.mul (local.get $kc) (global.get $LN2_LO))))
        (local.set $rd (f64x2.sub (f64x2.sub (local.get $vd) (f64x2.mul (local.get $kd) (global.get $LN2_HI))) (f64x2.mul (local.get $kd) (global.get $LN2_LO))))
        ;; q = Σ r^j/(j+2)!, j ≤ 10, by Estrin's scheme (r² in v, r⁴ in k):
        ;; q = (C2 + C3·r + r²(C4 + C5·r)) + r⁴((C6 + C7·r + r²(C8 + C9·r)) + r⁴(C10 + C11·r + r²·C12))
        (local.set $va (f64x2.mul (local.get $ra) (local.get $ra)))
        (local.set $vb (f64x2.mul (local.get $rb) (local.get $rb)))
        (local.set $vc (f64x2.mul (local.get $rc) (local.get $rc)))
        (local.set $vd (f64x2.mul (local.get $rd) (local.get $rd)))
        (local.set $ka (f64x2.mul (local.get $va) (local.get $va)))
        (local.set $kb (f64x2.mul (local.get $vb) (local.get $vb)))
        (local.set $kc (f64x2.mul (local.get $vc) (local.get $vc)))
        (local.set $kd (f64x2.mul (local.get $vd) (local.get $vd)))
        (local.set $qa (f64x2.add (f64x2.mul (local.get $va) (global.get $C12)) (f64x2.add (f64x2.mul (local.get $ra) (global.get $C11)) (global.get $C10))))
        (local.set $qb (f64x2.add (f64x2.mul (local.get $vb) (global.get $C12)) (f64x2.add (f64x2.mul (local.get $rb) (global.get $C11)) (global.get $C10))))
        (local.set $qc (f64x2.add (f64x2.mul (local.get $vc) (global.get $C12)) (f64x2.add (f64x2.mul (local.get $rc) (global.get $C11)) (global.get $C10))))
        (local.set $qd (f64x2.add (f64x2.mul (local.get $vd) (global.get $C12)) (f64x2.add (f64x2.mul (local.get $rd) (global.get $C11)) (global.get $C10))))
        (local.set $qa (f64x2.add (f64x2.mul (local.get $ka) (local.get $qa))
          (f64x2.add (f64x2.mul (local.get $va) (f64x2.add (f64x2.mul (local.get $ra) (global.get $C9)) (global.get $C8))) (f64x2.add (f64x2.mul (local.get $ra) (global.get $C7)) (global.get $C6)))))
        (local.set $qb (f64x2.add (f64x2.mul (local.get $kb) (local.get $qb))
          (f64x2.add (f64x2.mul (local.get $vb) (f64x2.add (f64x2.mul (local.get $rb) (global.get $C9)) (global.get $C8))) (f64x2.add (f64x2.mul (local.get $rb) (global.get $C7)) (global.get $C6)))))
        (local.set $qc (f64x2.add (f64x2.mul (local.get $kc) (local.get $qc))
          (f64x2.add (f64x2.mul (local.get $vc) (f64x2.add (f64x2.mul (local.get $rc) (global.get $C9)) (global.get $C8))) (f64x2.add (f64x2.mul (local.get $rc) (global.get $C7)) (global.get $C6)))))
        (local.set $qd (f64x2.add (f64x2.mul (local.get $kd) (local.get $qd))
          (f64x2.add (f64x2.mul (local.get $vd) (f64x2.add (f64x2.mul (local.get $rd) (global.get $C9)) (global.get $C8))) (f64x2.add (f64x2.mul (local.get $rd) (global.get $C7)) (global.get $C6)))))
        (local.set $qa (f64x2.add (f64x2.mul (local.get $ka) (local.get $qa))
          (f64x2.add (f64x2.mul (local.get $va) (f64x2.add (f64x2.mul (local.get $ra) (global.get $C5)) (global.get $C4))) (f64x2.add (f64x2.mul (local.get $ra) (global.get $C3)) (global.get $C2)))))
        (local.set $qb (f64x2.add (f64x2.mul (local.get $kb) (local.get $qb))
          (f64x2.add (f64x2.mul (local.get $vb) (f64x2.add (f64x2.mul (local.get $rb) (global.get $C5)) (global.get $C4))) (f64x2.add (f64x2.mul (local.get $rb) (global.get $C3)) (global.get $C2)))))
        (local.set $qc (f64x2.add (f64x2.mul (local.get $kc) (local.get $qc))
          (f64x2.add (f64x2.mul (local.get $vc) (f64x2.add (f64x2.mul (local.get $rc) (global.get $C5)) (global.get $C4))) (f64x2.add (f64x2.mul (local.get $rc) (global.get $C3)) (global.get $C2)))))
        (local.set $qd (f64x2.add (f64x2.mul (local.get $kd) (local.get $qd))
          (f64x2.add (f64x2.mul (local.get $vd) (f64x2.add (f64x2.mul (local.get $rd) (global.get $C5)) (global.get $C4))) (f64x2.add (f64x2.mul (local.get $rd) (global.get $C3)) (global.get $C2)))))
        ;; p = r + r²·q = e^r − 1; E = s·p + (s − 1) = e^v − 1; y = E/(E + 2), all in q
        (local.set $qa (f64x2.add (local.get $ra) (f64x2.mul (local.get $va) (local.get $qa))))
        (local.set $qb (f64x2.add (local.get $rb) (f64x2.mul (local.get $vb) (local.get $qb))))
        (local.set $qc (f64x2.add (local.get $rc) (f64x2.mul (local.get $vc) (local.get $qc))))
        (local.set $qd (f64x2.add (local.get $rd) (f64x2.mul (local.get $vd) (local.get $qd))))
        (local.set $qa (f64x2.add (f64x2.mul (local.get $sa) (local.get $qa)) (f64x2.sub (local.get $sa) (global.get $ONE))))
        (local.set $qb (f64x2.add (f64x2.mul (local.get $sb) (local.get $qb)) (f64x2.sub (local.get $sb) (global.get $ONE))))
        (local.set $qc (f64x2.add (f64x2.mul (local.get $sc) (local.get $qc)) (f64x2.sub (local.get $sc) (global.get $ONE))))
        (local.set $qd (f64x2.add (f64x2.mul (local.get $sd) (local.get $qd)) (f64x2.sub (local.get $sd) (global.get $ONE))))
        (local.set $qa (f64x2.div (local.get $qa) (f64x2.add (local.get $qa) (global.get $TWO))))
        (local.set $qb (f64x2.div (local.get $qb) (f64x2.add (local.get $qb) (global.get $TWO))))
        (local.set $qc (f64x2.div (local.get $qc) (f64x2.add (local.get $qc) (global.get $TWO))))
        (local.set $qd (f64x2.div (local.get $qd) (f64x2.add (local.get $qd) (global.get $TWO))))
        ;; ε·y; lo, hi: the float32 roundings of y − εy and y + εy
        (local.set $ra (f64x2.mul (local.get $qa) (global.get $EPS)))
        (local.set $rb (f64x2.mul (local.get $qb) (global.get $EPS)))
        (local.set $rc (f64x2.mul (local.get $qc) (global.get $EPS)))
        (local.set $rd (f64x2.mul (local.get $qd) (global.get $EPS)))
        (local.set $lo0 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.sub (local.get $qa) (local.get $ra)))
          (f32x4.demote_f64x2_zero (f64x2.sub (local.get $qb) (local.get $rb)))))
        (local.set $hi0 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.add (local.get $qa) (local.get $ra)))
          (f32x4.demote_f64x2_zero (f64x2.add (local.get $qb) (local.get $rb)))))
        (local.set $lo1 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.sub (local.get $qc) (local.get $rc)))
          (f32x4.demote_f64x2_zero (f64x2.sub (local.get $qd) (local.get $rd)))))
        (local.set $hi1 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.add (local.get $qc) (local.get $rc)))
          (f32x4.demote_f64x2_zero (f64x2.add (local.get $qd) (local.get $rd)))))
        ;; ±lo with x's sign; lanes where lo ≠ hi (or NaN) take the scalar path
        (v128.store align=4 (local.get $p) (v128.or (local.get $lo0) (v128.and (local.get $x0) (global.get $SIGN))))
        (v128.store offset=16 align=4 (local.get $p) (v128.or (local.get $lo1) (v128.and (local.get $x1) (global.get $SIGN))))
        (local.set $lo0 (f32x4.eq (local.get $lo0) (local.get $hi0)))
        (if (i32.eqz (i32x4.all_true (local.get $lo0)))
          (then (call $fix (local.get $p) (local.get $x0) (local.get $lo0))))
        (local.set $lo1 (f32x4.eq (local.get $lo1) (local.get $hi1)))
        (if (i32.eqz (i32x4.all_true (local.get $lo1)))
          (then (call $fix (i32.add (local.get $p) (i32.const 16)) (local.get $x1) (local.get $lo1))))

        (if (i32.ne (local.get $p) (local.get $last))
          (then
            (local.set $p (i32.add (local.get $p) (i32.const 32)))
            (if (i32.gt_u (local.get $p) (local.get $last)) (then (local.set $p (local.get $last))))
            (br $loop8)))))

  ;; d[k] ← d[k]·(1 − y[k]²) for n values (byte offsets y, d): in float64, rounded to float32 once
  ;; at the end, as the JavaScript `d[k] *= 1 - t * t` (y² is exact in float64).
  (func (export "tanh_backward_f32") (param $y i32) (param $d i32) (param $n i32)
    (local $end i32) (local $y4 v128) (local $d4 v128) (local $ys f64)
    (local.set $end (i32.add (local.get $d) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done4
      (loop $loop4
        (br_if $done4 (i32.ge_u (local.get $d) (local.get $end)))
        (local.set $y4 (v128.load align=4 (local.get $y)))
        (local.set $d4 (v128.load align=4 (local.get $d)))
        (v128.store align=4 (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (local.get $d4))
            (f64x2.sub (v128.const f64x2 1.0 1.0)
              (f64x2.mul (f64x2.promote_low_f32x4 (local.get $y4))
                (f64x2.promote_low_f32x4 (local.get $y4))))))
          (f32x4.demote_f64x2_zero (f64x2.mul
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $d4) (local.get $d4)))
            (f64x2.sub (v128.const f64x2 1.0 1.0)
              (f64x2.mul
                (local.tee $y4 (f64x2.promote_low_f32x4
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $y4) (local.get $y4))))
                (local.get $y4)))))))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $loop4)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
    (block $done1
      (loop $loop1
        (br_if $done1 (i32.ge_u (local.get $d) (local.get $end)))
        (local.set $ys (f64.promote_f32 (f32.load (local.get $y))))
        (f32.store (local.get $d) (f32.demote_f64 (f64.mul (f64.promote_f32 (f32.load (local.get $d)))
          (f64.sub (f64.const 1) (f64.mul (local.get $ys) (local.get $ys))))))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (br $loop1))))

  ;; y[k] ← 0 where y[k] < 0 (−0 and NaN stay), for n values at byte offset p.
  (func (export "relu_f32") (param $p i32) (param $n i32)
    (local $end i32) (local $y4 v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done4
      (loop $loop4
        (br_if $done4 (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $y4 (v128.load align=4 (local.get $p)))
        (v128.store align=4 (local.get $p) (v128.andnot (local.get $y4)
          (f32x4.lt (local.get $y4) (v128.const f32x4 0 0 0 0))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $loop4)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
    (block $done1
      (loop $loop1
        (br_if $done1 (i32.ge_u (local.get $p) (local.get $end)))
        (if (f32.lt (f32.load (local.get $p)) (f32.const 0))
          (then (f32.store (local.get $p) (f32.const 0))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $loop1))))

  ;; d[k] ← 0 unless y[k] > 0, for n values (byte offsets y, d).
  (func (export "relu_backward_f32") (param $y i32) (param $d i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $d) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done4
      (loop $loop4
        (br_if $done4 (i32.ge_u (local.get $d) (local.get $end)))
        (v128.store align=4 (local.get $d) (v128.and (v128.load align=4 (local.get $d))
          (f32x4.gt (v128.load align=4 (local.get $y)) (v128.const f32x4 0 0 0 0))))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $loop4)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
    (block $done1
      (loop $loop1
        (br_if $done1 (i32.ge_u (local.get $d) (local.get $end)))
        (if (i32.eqz (f32.gt (f32.load (local.get $y)) (f32.const 0)))
          (then (f32.store (local.get $d) (f32.const 0))))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (br $loop1)))))
