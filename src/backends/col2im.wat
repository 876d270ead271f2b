;; col2im for Conv2DBackpropInput: adds every row of a patch matrix onto the
;; NHWC input pixels its output pixel's receptive field covers (values over
;; the padding are dropped), as accumulatePatches / accumulateTransposedPatches
;; in patches.ts do, in the same order, so the sums are the same to the bit.
;; `x` must be zero on entry. Pointers are byte offsets into the imported
;; memory of tfjs-backend-wasm; sizes are counts. Assembled into
;; col2im_binary.ts by `npm run build:wasm`.
;;
;; The geometry, shared by both functions:
;;   batch, inHeight, inWidth, channels (of x), outHeight, outWidth,
;;   filterHeight, filterWidth, strideHeight, strideWidth,
;;   dilationHeight, dilationWidth, padTop, padLeft
(module
  (import "env" "memory" (memory 0))

  ;; x[dst .. dst + bytes) += values[src .. src + bytes), four floats at a time, then one by one.
  (func $addRun (param $dst i32) (param $src i32) (param $bytes i32)
    (local $i i32) (local $vectorBytes i32)
    (local.set $vectorBytes (i32.and (local.get $bytes) (i32.const -16)))
    (block $vectorDone
      (loop $vector
        (br_if $vectorDone (i32.ge_u (local.get $i) (local.get $vectorBytes)))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (f32x4.add (v128.load (i32.add (local.get $dst) (local.get $i)))
                     (v128.load (i32.add (local.get $src) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vector)))
    (block $scalarDone
      (loop $scalar
        (br_if $scalarDone (i32.ge_u (local.get $i) (local.get $bytes)))
        (f32.store (i32.add (local.get $dst) (local.get $i))
          (f32.add (f32.load (i32.add (local.get $dst) (local.get $i)))
                   (f32.load (i32.add (local.get $src) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $scalar))))

  ;; patches [batch * outHeight * outWidth, filterHeight * filterWidth * channels], row-major.
  (func (export "col2im")
    (param $patches i32) (param $x i32)
    (param $batch i32) (param $inHeight i32) (param $inWidth i32) (param $channels i32)
    (param $outHeight i32) (param $outWidth i32) (param $filterHeight i32) (param $filterWidth i32)
    (param $strideHeight i32) (param $strideWidth i32) (param $dilationHeight i32) (param $dilationWidth i32)
    (param $padTop i32) (param $padLeft i32)
    (local $n i32) (local $oh i32) (local $ow i32) (local $kh i32) (local $kw i32)
    (local $ih i32) (local $iw i32) (local $src i32) (local $runBytes i32)
    (local.set $runBytes (i32.shl (local.get $channels) (i32.const 2)))
    (local.set $src (local.get $patches))
    (loop $image
      (local.set $oh (i32.const 0))
      (loop $outRow
        (local.set $ow (i32.const 0))
        (loop $outColumn
          (local.set $kh (i32.const 0))
          (loop $filterRow
            (local.set $ih (i32.sub (i32.add (i32.mul (local.get $oh) (local.get $strideHeight))
                                             (i32.mul (local.get $kh) (local.get $dilationHeight)))
                                    (local.get $padTop)))
            (if (i32.ge_u (local.get $ih) (local.get $inHeight))
              (then (local.set $src (i32.add (local.get $src)
                                             (i32.mul (local.get $filterWidth) (local.get $runBytes)))))
              (else
                (local.set $kw (i32.const 0))
                (loop $filterColumn
                  (local.set $iw (i32.sub (i32.add (i32.mul (local.get $ow) (local.get $strideWidth))
                                                   (i32.mul (local.get $kw) (local.get $dilationWidth)))
                                          (local.get $padLeft)))
                  (if (i32.lt_u (local.get $iw) (local.get $inWidth))
                    (then
                      (call $addRun
                        (i32.add (local.get $x)
                          (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $n) (local.get $inHeight))
                                                              (local.get $ih))
                                                     (local.get $inWidth))
                                            (local.get $iw))
                                   (local.get $runBytes)))
                        (local.get $src) (local.get $runBytes))))
                  (local.set $src (i32.add (local.get $src) (local.get $runBytes)))
                  (local.set $kw (i32.add (local.get $kw) (i32.const 1)))
                  (br_if $filterColumn (i32.lt_u (local.get $kw) (local.get $filterWidth))))))
            (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
            (br_if $filterRow (i32.lt_u (local.get $kh) (local.get $filterHeight))))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br_if $outColumn (i32.lt_u (local.get $ow) (local.get $outWidth))))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br_if $outRow (i32.lt_u (local.get $oh) (local.get $outHeight))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $image (i32.lt_u (local.get $n) (local.get $batch)))))

  ;; patchesT [filterHeight * filterWidth * channels, batch * outHeight * outWidth], row-major.
  (func (export "col2imTransposed")
    (param $patchesT i32) (param $x i32)
    (param $batch i32) (param $inHeight i32) (param $inWidth i32) (param $channels i32)
    (param $outHeight i32) (param $outWidth i32) (param $filterHeight i32) (param $filterWidth i32)
    (param $strideHeight i32) (param $strideWidth i32) (param $dilationHeight i32) (param $dilationWidth i32)
    (param $padTop i32) (param $padLeft i32)
    (local $n i32) (local $oh i32) (local $ow i32) (local $kh i32) (local $kw i32)
    (local $ih i32) (local $iw i32) (local $row i32) (local $rowBytes i32) (local $columnStart i32)
    (local $src i32) (local $dst i32) (local $dstEnd i32)
    (local.set $rowBytes (i32.shl (i32.mul (i32.mul (local.get $batch) (local.get $outHeight)) (local.get $outWidth))
                                  (i32.const 2)))
    (loop $filterRow
      (local.set $kw (i32.const 0))
      (loop $filterColumn
        ;; Byte offset of the first of this (kh, kw)'s channel rows in patchesT.
        (local.set $columnStart
          (i32.add (local.get $patchesT)
            (i32.mul (i32.mul (i32.add (i32.mul (local.get $kh) (local.get $filterWidth)) (local.get $kw))
                              (local.get $channels))
                     (local.get $rowBytes))))
        (local.set $row (i32.const 0))
        (local.set $n (i32.const 0))
        (loop $image
          (local.set $oh (i32.const 0))
          (loop $outRow
            (local.set $ih (i32.sub (i32.add (i32.mul (local.get $oh) (local.get $strideHeight))
                                             (i32.mul (local.get $kh) (local.get $dilationHeight)))
                                    (local.get $padTop)))
            (if (i32.ge_u (local.get $ih) (local.get $inHeight))
              (then (local.set $row (i32.add (local.get $row) (local.get $outWidth))))
              (else
                (local.set $ow (i32.const 0))
                (loop $outColumn
                  (local.set $iw (i32.sub (i32.add (i32.mul (local.get $ow) (local.get $strideWidth))
                                                   (i32.mul (local.get $kw) (local.get $dilationWidth)))
                                          (local.get $padLeft)))
                  (if (i32.lt_u (local.get $iw) (local.get $inWidth))
                    (then
                      (local.set $dst
                        (i32.add (local.get $x)
                          (i32.shl (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $n) (local.get $inHeight))
                                                                       (local.get $ih))
                                                              (local.get $inWidth))
                                                     (local.get $iw))
                                            (local.get $channels))
                                   (i32.const 2))))
                      (local.set $dstEnd (i32.add (local.get $dst) (i32.shl (local.get $channels) (i32.const 2))))
                      (local.set $src (i32.add (local.get $columnStart) (i32.shl (local.get $row) (i32.const 2))))
                      ;; One channel after another: channel i of this row lies i rows of patchesT further on.
                      (block $channelsDone
                        (loop $channel
                          (br_if $channelsDone (i32.ge_u (local.get $dst) (local.get $dstEnd)))
                          (f32.store (local.get $dst)
                            (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src))))
                          (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                          (local.set $src (i32.add (local.get $src) (local.get $rowBytes)))
                          (br $channel)))))
                  (local.set $row (i32.add (local.get $row) (i32.const 1)))
                  (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
                  (br_if $outColumn (i32.lt_u (local.get $ow) (local.get $outWidth))))))
            (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
            (br_if $outRow (i32.lt_u (local.get $oh) (local.get $outHeight))))
          (local.set $n (i32.add (local.get $n) (i32.const 1)))
          (br_if $image (i32.lt_u (local.get $n) (local.get $batch))))
        (local.set $kw (i32.add (local.get $kw) (i32.const 1)))
        (br_if $filterColumn (i32.lt_u (local.get $kw) (local.get $filterWidth))))
      (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
      (br_if $filterRow (i32.lt_u (local.get $kh) (local.get $filterHeight))))))
