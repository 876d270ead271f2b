;; The matrix product C = A @ B of row-major float32 matrices, A [m, k],
;; B [k, n], C [m, n], for the training kernels' GEMMs. B is first packed into
;; panels of eight columns (`pack`), k rows of eight floats each, zero past
;; column n, so the product streams it contiguously; a packed B serves any
;; number of products. Each output is summed over k in order from zero, one
;; accumulator per output, as XNNPACK's f32 GEMM micro-kernels do.
;;
;; This file is the fused build: every step is `f32x4.relaxed_madd`, a fused
;; multiply-add where the hardware has one (x86 FMA3, ARM). tools/wat.ts
;; derives the SIMD128 build from it by rewriting each
;; (f32x4.relaxed_madd a b acc) into (f32x4.add acc (f32x4.mul a b)), which
;; rounds the product and the sum separately, in XNNPACK's order, so that
;; build's results are XNNPACK's to the bit. Pointers are byte offsets into
;; the imported memory of tfjs-backend-wasm; sizes are counts. Assembled into
;; gemm_binary.ts by `npm run build:wasm`.
(module
  (import "env" "memory" (memory 0))

  ;; packed [ceil(n / 8), k, 8] from b [k, n].
  (func (export "pack") (param $b i32) (param $packed i32) (param $k i32) (param $n i32)
    (local $j i32) (local $p i32) (local $q i32) (local $src i32) (local $columns i32)
    (block $panelsDone
      (loop $panel
        (br_if $panelsDone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $columns (i32.sub (local.get $n) (local.get $j)))
        (local.set $p (i32.const 0))
        (block $rowsDone
          (loop $row
            (br_if $rowsDone (i32.ge_u (local.get $p) (local.get $k)))
            (local.set $src (i32.add (local.get $b)
              (i32.shl (i32.add (i32.mul (local.get $p) (local.get $n)) (local.get $j)) (i32.const 2))))
            (if (i32.ge_u (local.get $columns) (i32.const 8))
              (then
                (v128.store (local.get $packed) (v128.load (local.get $src)))
                (v128.store offset=16 (local.get $packed) (v128.load offset=16 (local.get $src))))
              (else
                (v128.store (local.get $packed) (v128.const i32x4 0 0 0 0))
                (v128.store offset=16 (local.get $packed) (v128.const i32x4 0 0 0 0))
                (local.set $q (i32.const 0))
                (loop $column
                  (f32.store (i32.add (local.get $packed) (i32.shl (local.get $q) (i32.const 2)))
                    (f32.load (i32.add (local.get $src) (i32.shl (local.get $q) (i32.const 2)))))
                  (local.set $q (i32.add (local.get $q) (i32.const 1)))
                  (br_if $column (i32.lt_u (local.get $q) (local.get $columns))))))
            (local.set $packed (i32.add (local.get $packed) (i32.const 32)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $row)))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $panel))))

  ;; packed [ceil(n / 8), k, 8] from bt [n, k], B stored transposed (e.g. a
  ;; filter [k', n'] that enters a product as its transpose): no transpose pass.
  (func (export "packTransposed") (param $bt i32) (param $packed i32) (param $k i32) (param $n i32)
    (local $j i32) (local $p i32) (local $q i32) (local $columns i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $k) (i32.const 2)))
    (block $panelsDone
      (loop $panel
        (br_if $panelsDone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $columns (i32.sub (local.get $n) (local.get $j)))
        (if (i32.gt_u (local.get $columns) (i32.const 8)) (then (local.set $columns (i32.const 8))))
        (local.set $p (i32.const 0))
        (block $rowsDone
          (loop $row
            (br_if $rowsDone (i32.ge_u (local.get $p) (local.get $k)))
            (v128.store (local.get $packed) (v128.const i32x4 0 0 0 0))
            (v128.store offset=16 (local.get $packed) (v128.const i32x4 0 0 0 0))
            (local.set $q (i32.const 0))
            (loop $column
              (f32.store (i32.add (local.get $packed) (i32.shl (local.get $q) (i32.const 2)))
                (f32.load (i32.add (local.get $bt)
                  (i32.add (i32.mul (i32.add (local.get $j) (local.get $q)) (local.get $rowBytes))
                           (i32.shl (local.get $p) (i32.const 2))))))
              (local.set $q (i32.add (local.get $q) (i32.const 1)))
              (br_if $column (i32.lt_u (local.get $q) (local.get $columns))))
            (local.set $packed (i32.add (local.get $packed) (i32.const 32)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $row)))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $panel))))

  ;; Stores the first `count` (at most 8) of the eight floats lo, hi at `dst`.
  (func $storeColumns (param $dst i32) (param $lo v128) (param $hi v128) (param $count i32)
    (if (i32.ge_u (local.get $count) (i32.const 8))
      (then
        (v128.store (local.get $dst) (local.get $lo))
        (v128.store offset=16 (local.get $dst) (local.get $hi))
        (return)))
    (if (i32.ge_u (local.get $count) (i32.const 4))
      (then
        (v128.store (local.get $dst) (local.get $lo))
        (local.set $lo (local.get $hi))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $count (i32.sub (local.get $count) (i32.const 4)))))
    (if (i32.ge_u (local.get $count) (i32.const 1))
      (then (f32.store (local.get $dst) (f32x4.extract_lane 0 (local.get $lo)))))
    (if (i32.ge_u (local.get $count) (i32.const 2))
      (then (f32.store offset=4 (local.get $dst) (f32x4.extract_lane 1 (local.get $lo)))))
    (if (i32.ge_u (local.get $count) (i32.const 3))
      (then (f32.store offset=8 (local.get $dst) (f32x4.extract_lane 2 (local.get $lo))))))

  ;; Four rows of C by one panel: a, c point at the rows' first elements,
  ;; rowBytes is k * 4 (A) and cRowBytes n * 4 (C).
  (func $rows4 (param $a i32) (param $panel i32) (param $c i32) (param $k i32)
    (param $rowBytes i32) (param $cRowBytes i32) (param $columns i32)
    (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $end i32)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $a1 (i32.add (local.get $a) (local.get $rowBytes)))
    (local.set $a2 (i32.add (local.get $a1) (local.get $rowBytes)))
    (local.set $a3 (i32.add (local.get $a2) (local.get $rowBytes)))
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 2))))
    (loop $step
      (local.set $b0 (v128.load (local.get $panel)))
      (local.set $b1 (v128.load offset=16 (local.get $panel)))
      (local.set $x (v128.load32_splat (local.get $a)))
      (local.set $c00 (f32x4.relaxed_madd (local.get $x) (local.get $b0) (local.get $c00)))
      (local.set $c01 (f32x4.relaxed_madd (local.get $x) (local.get $b1) (local.get $c01)))
      (local.set $x (v128.load32_splat (local.get $a1)))
      (local.set $c10 (f32x4.relaxed_madd (local.get $x) (local.get $b0) (local.get $c10)))
      (local.set $c11 (f32x4.relaxed_madd (local.get $x) (local.get $b1) (local.get $c11)))
      (local.set $x (v128.load32_splat (local.get $a2)))
      (local.set $c20 (f32x4.relaxed_madd (local.get $x) (local.get $b0) (local.get $c20)))
      (local.set $c21 (f32x4.relaxed_madd (local.get $x) (local.get $b1) (local.get $c21)))
      (local.set $x (v128.load32_splat (local.get $a3)))
      (local.set $c30 (f32x4.relaxed_madd (local.get $x) (local.get $b0) (local.get $c30)))
      (local.set $c31 (f32x4.relaxed_madd (local.get $x) (local.get $b1) (local.get $c31)))
      (local.set $panel (i32.add (local.get $panel) (i32.const 32)))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (local.set $a1 (i32.add (local.get $a1) (i32.const 4)))
      (local.set $a2 (i32.add (local.get $a2) (i32.const 4)))
      (local.set $a3 (i32.add (local.get $a3) (i32.const 4)))
      (br_if $step (i32.lt_u (local.get $a) (local.get $end))))
    (call $storeColumns (local.get $c) (local.get $c00) (local.get $c01) (local.get $columns))
    (local.set $c (i32.add (local.get $c) (local.get $cRowBytes)))
    (call $storeColumns (local.get $c) (local.get $c10) (local.get $c11) (local.get $columns))
    (local.set $c (i32.add (local.get $c) (local.get $cRowBytes)))
    (call $storeColumns (local.get $c) (local.get $c20) (local.get $c21) (local.get $columns))
    (local.set $c (i32.add (local.get $c) (local.get $cRowBytes)))
    (call $storeColumns (local.get $c) (local.get $c30) (local.get $c31) (local.get $columns)))

  ;; One row of C by one panel.
  (func $rows1 (param $a i32) (param $panel i32) (param $c i32) (param $k i32) (param $columns i32)
    (local $end i32) (local $x v128) (local $b0 v128) (local $b1 v128) (local $c00 v128) (local $c01 v128)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 2))))
    (loop $step
      (local.set $b0 (v128.load (local.get $panel)))
      (local.set $b1 (v128.load offset=16 (local.get $panel)))
      (local.set $x (v128.load32_splat (local.get $a)))
      (local.set $c00 (f32x4.relaxed_madd (local.get $x) (local.get $b0) (local.get $c00)))
      (local.set $c01 (f32x4.relaxed_madd (local.get $x) (local.get $b1) (local.get $c01)))
      (local.set $panel (i32.add (local.get $panel) (i32.const 32)))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (br_if $step (i32.lt_u (local.get $a) (local.get $end))))
    (call $storeColumns (local.get $c) (local.get $c00) (local.get $c01) (local.get $columns)))

  ;; c [m, n] = a [m, k] @ b [k, n], b packed by `pack`; k >= 1.
  (func (export "gemm") (param $a i32) (param $packed i32) (param $c i32)
    (param $m i32) (param $k i32) (param $n i32)
    (local $i i32) (local $j i32) (local $panel i32) (local $rowBytes i32) (local $cRowBytes i32)
    (local $columns i32)
    (local.set $rowBytes (i32.shl (local.get $k) (i32.const 2)))
    (local.set $cRowBytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $panel (local.get $packed))
    (block $panelsDone
      (loop $columnBlock
        (br_if $panelsDone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $columns (i32.sub (local.get $n) (local.get $j)))
        (local.set $i (i32.const 0))
        (block $fourDone
          (loop $fourRows
            (br_if $fourDone (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
            (call $rows4
              (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowBytes)))
              (local.get $panel)
              (i32.add (local.get $c) (i32.add (i32.mul (local.get $i) (local.get $cRowBytes))
                                              (i32.shl (local.get $j) (i32.const 2))))
              (local.get $k) (local.get $rowBytes) (local.get $cRowBytes) (local.get $columns))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $fourRows)))
        (block $oneDone
          (loop $oneRow
            (br_if $oneDone (i32.ge_u (local.get $i) (local.get $m)))
            (call $rows1
              (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowBytes)))
              (local.get $panel)
              (i32.add (local.get $c) (i32.add (i32.mul (local.get $i) (local.get $cRowBytes))
                                              (i32.shl (local.get $j) (i32.const 2))))
              (local.get $k) (local.get $columns))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $oneRow)))
        (local.set $panel (i32.add (local.get $panel) (i32.shl (local.get $k) (i32.const 5))))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $columnBlock))))
)
