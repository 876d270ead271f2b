;; One Adam step over a tensor, fused: reads value, first moment m, second
;; moment v and gradient once and writes the three updated arrays, where
;; tfjs's AdamOptimizer runs fourteen elementwise kernels. Every result is
;; rounded to float32 after each operation in the order tfjs applies them:
;;   m1 = m * beta1 + g * (1 - beta1)
;;   v1 = v * beta2 + (g * g) * (1 - beta2)
;;   value1 = ((m1 / correction1) / (sqrt(v1 / correction2) + epsilon)) * -rate + value
;; so the results equal tfjs's to the bit (SIMD128 float operations are IEEE
;; single precision, like the scalar ones). Pointers are byte offsets into the
;; memory of tfjs-backend-wasm, imported; count is the number of floats.
;; Assembled into adam_step_binary.ts by `npm run build:wasm`.
(module
  (import "env" "memory" (memory 0))
  (func (export "adamStep")
    (param $value i32) (param $m i32) (param $v i32) (param $gradient i32)
    (param $newValue i32) (param $newM i32) (param $newV i32) (param $count i32)
    (param $beta1 f32) (param $oneMinusBeta1 f32) (param $beta2 f32) (param $oneMinusBeta2 f32)
    (param $correction1 f32) (param $correction2 f32) (param $epsilon f32) (param $negativeRate f32)
    (local $offset i32) (local $end i32) (local $vectorEnd i32)
    (local $g v128) (local $m1 v128) (local $v1 v128)
    (local $gs f32) (local $m1s f32) (local $v1s f32)
    (local.set $end (i32.shl (local.get $count) (i32.const 2)))
    (local.set $vectorEnd (i32.and (local.get $end) (i32.const -16)))
;; Four floats at a time, then the remaining one to three one by one.
    (block $vectorDone
      (loop $vector
        (br_if $vectorDone (i32.ge_u (local.get $offset) (local.get $vectorEnd)))
        (local.set $g (v128.load (i32.add (local.get $gradient) (local.get $offset))))
        (local.set $m1
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $offset))) (f32x4.splat (local.get $beta1)))
            (f32x4.mul (local.get $g) (f32x4.splat (local.get $oneMinusBeta1)))))
        (local.set $v1
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $offset))) (f32x4.splat (local.get $beta2)))
            (f32x4.mul (f32x4.mul (local.get $g) (local.get $g)) (f32x4.splat (local.get $oneMinusBeta2)))))
        (v128.store (i32.add (local.get $newM) (local.get $offset)) (local.get $m1))
        (v128.store (i32.add (local.get $newV) (local.get $offset)) (local.get $v1))
        (v128.store (i32.add (local.get $newValue) (local.get $offset))
          (f32x4.add
            (f32x4.mul
              (f32x4.div
                (f32x4.div (local.get $m1) (f32x4.splat (local.get $correction1)))
                (f32x4.add (f32x4.sqrt (f32x4.div (local.get $v1) (f32x4.splat (local.get $correction2))))
                           (f32x4.splat (local.get $epsilon))))
              (f32x4.splat (local.get $negativeRate)))
            (v128.load (i32.add (local.get $value) (local.get $offset)))))
        (local.set $offset (i32.add (local.get $offset) (i32.const 16)))
        (br $vector)))
    (block $scalarDone
      (loop $scalar
        (br_if $scalarDone (i32.ge_u (local.get $offset) (local.get $end)))
        (local.set $gs (f32.load (i32.add (local.get $gradient) (local.get $offset))))
        (local.set $m1s
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $m) (local.get $offset))) (local.get $beta1))
            (f32.mul (local.get $gs) (local.get $oneMinusBeta1))))
        (local.set $v1s
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $v) (local.get $offset))) (local.get $beta2))
            (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $oneMinusBeta2))))
        (f32.store (i32.add (local.get $newM) (local.get $offset)) (local.get $m1s))
        (f32.store (i32.add (local.get $newV) (local.get $offset)) (local.get $v1s))
        (f32.store (i32.add (local.get $newValue) (local.get $offset))
          (f32.add
            (f32.mul
              (f32.div
                (f32.div (local.get $m1s) (local.get $correction1))
                (f32.add (f32.sqrt (f32.div (local.get $v1s) (local.get $correction2))) (local.get $epsilon)))
              (local.get $negativeRate))
            (f32.load (i32.add (local.get $value) (local.get $offset)))))
        (local.set $offset (i32.add (local.get $offset) (i32.const 4)))
        (br $scalar)))))
