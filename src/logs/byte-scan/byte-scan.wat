;; Byte searches over a log's raw bytes with 16-byte SIMD steps: whether any of a few literals
;; occurs (a "Teddy" fingerprint: two adjacent bytes of each literal, its anchor, looked up by
;; nibble; then an exact check of the literals whose fingerprint matched), and how many newlines
;; there are. `npm run assemble-byte-scan` turns this file into byte-scan-module.ts.
;;
;; Memory (bytes):
;;   0..64      fingerprint tables: for each of the anchor's two bytes, which literal buckets (bits)
;;              its low nibble and its high nibble allow (16 bytes each: lo0 hi0 lo1 hi1)
;;   96..112    scratch: the buckets found at each of 16 positions
;;   112..116   how many literals there are
;;   116..124   what count_lines found besides newlines
;;   124..128   the newlines find passed over
;;   256..1280  the literals, 64 bytes each: buckets (1), length (1), bytes (30 from 2),
;;              masks (30 from 32), where the anchor starts (1 at 62); a byte matches when
;;              (byte & mask) == literal byte
;;   4096..     the bytes to search, and at least 32 bytes after them: read, never matched; the
;;              16 right after them must be zero for find's newline count
(module
  (memory (export "memory") 17)

  ;; Whether a literal of `buckets` whose anchor is at `at` lies whole within the `len` bytes.
  (func $verify (param $len i32) (param $at i32) (param $buckets i32) (result i32)
    (local $k i32) (local $count i32) (local $rec i32) (local $n i32) (local $j i32) (local $pos i32)
    (local.set $count (i32.load (i32.const 112)))
    (block $none
      (loop $literals
        (br_if $none (i32.ge_u (local.get $k) (local.get $count)))
        (local.set $rec (i32.add (i32.const 256) (i32.shl (local.get $k) (i32.const 6))))
        (local.set $n (i32.load8_u offset=1 (local.get $rec)))
        (local.set $pos (i32.sub (local.get $at) (i32.load8_u offset=62 (local.get $rec))))
        (if (i32.and
              (i32.ne (i32.and (i32.load8_u (local.get $rec)) (local.get $buckets)) (i32.const 0))
              ;; Signed: a literal that would start before the bytes does not count.
              (i32.and
                (i32.ge_s (local.get $pos) (i32.const 0))
                (i32.le_s (i32.add (local.get $pos) (local.get $n)) (local.get $len))))
          (then
            (local.set $j (i32.const 0))
            (block $differs
              (loop $bytes
                (if (i32.ge_u (local.get $j) (local.get $n)) (then (return (i32.const 1))))
                (br_if $differs
                  (i32.ne
                    (i32.and
                      (i32.load8_u offset=4096 (i32.add (local.get $pos) (local.get $j)))
                      (i32.load8_u offset=32 (i32.add (local.get $rec) (local.get $j))))
                    (i32.load8_u offset=2 (i32.add (local.get $rec) (local.get $j)))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $bytes)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $literals)))
    (i32.const 0))

  ;; Whether a literal lies whole within the `len` bytes: its anchor's position, or -1; when -1,
  ;; the newlines among them are at 124 (the 16 bytes after them must be zero). The relaxed
  ;; swizzle is the plain one for indices below 16, which nibbles always are.
  (func (export "find") (param $len i32) (result i32)
    (local $i i32) (local $at i32) (local $bits i32) (local $lane i32) (local $newlines i32)
    (local $lo0 v128) (local $hi0 v128) (local $lo1 v128) (local $hi1 v128)
    (local $nibble v128) (local $nl v128) (local $v v128) (local $w v128) (local $r v128)
    (local.set $lo0 (v128.load (i32.const 0)))
    (local.set $hi0 (v128.load (i32.const 16)))
    (local.set $lo1 (v128.load (i32.const 32)))
    (local.set $hi1 (v128.load (i32.const 48)))
    (local.set $nibble (i8x16.splat (i32.const 15)))
    (local.set $nl (i8x16.splat (i32.const 10)))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        ;; Which buckets' anchors each of 16 positions can start (written out: V8 does not inline).
        (local.set $v (v128.load offset=4096 (local.get $i)))
        (local.set $w (v128.load offset=4097 (local.get $i)))
        (local.set $r
          (v128.and
            (v128.and
              (i8x16.relaxed_swizzle (local.get $lo0) (v128.and (local.get $v) (local.get $nibble)))
              (i8x16.relaxed_swizzle (local.get $hi0) (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (local.get $nibble))))
            (v128.and
              (i8x16.relaxed_swizzle (local.get $lo1) (v128.and (local.get $w) (local.get $nibble)))
              (i8x16.relaxed_swizzle (local.get $hi1) (v128.and (i16x8.shr_u (local.get $w) (i32.const 4)) (local.get $nibble))))))
        (local.set $newlines
          (i32.add (local.get $newlines) (i32.popcnt (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $nl))))))
        (if (v128.any_true (local.get $r))
          (then
            (v128.store (i32.const 96) (local.get $r))
            (local.set $bits (i8x16.bitmask (i8x16.ne (local.get $r) (v128.const i32x4 0 0 0 0))))
            (loop $lanes
              (local.set $lane (i32.ctz (local.get $bits)))
              (local.set $at (i32.add (local.get $i) (local.get $lane)))
              (if (call $verify (local.get $len) (local.get $at) (i32.load8_u offset=96 (local.get $lane)))
                (then (return (local.get $at))))
              (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
              (br_if $lanes (local.get $bits)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $blocks)))
    (i32.store (i32.const 124) (local.get $newlines))
    (i32.const -1))

  ;; The sum of a vector's 16 bytes, each counted 0 to 255.
  (func $sum (param $v v128) (result i32)
    (local.set $v (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $v))))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
      (i32.add (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v)))))

  ;; How many of the `len` bytes are newlines (returned), and how many of them a second newline
  ;; follows (at 116) and how many are `\n`, a backslash and an n (at 120). The byte after the last
  ;; one is read too, for a pair across two calls.
  (func (export "count_lines") (param $len i32) (result i32)
    (local $i i32) (local $full i32) (local $stop i32)
    (local $lines i32) (local $blanks i32) (local $escapes i32) (local $byte i32) (local $next i32)
    (local $v v128) (local $after v128) (local $newline v128)
    (local $lineAcc v128) (local $blankAcc v128) (local $escapeAcc v128)
    (local $nl v128) (local $backslash v128) (local $n v128)
    (local.set $nl (i8x16.splat (i32.const 10)))
    (local.set $backslash (i8x16.splat (i32.const 92)))
    (local.set $n (i8x16.splat (i32.const 110)))
    (local.set $full (i32.and (local.get $len) (i32.const -16)))
    (block $done
      (loop $rounds
        (br_if $done (i32.ge_u (local.get $i) (local.get $full)))
        ;; 255 steps at most, so no byte of a sum overflows.
        (local.set $stop (i32.add (local.get $i) (i32.const 4080)))
        (if (i32.gt_u (local.get $stop) (local.get $full)) (then (local.set $stop (local.get $full))))
        (local.set $lineAcc (v128.const i32x4 0 0 0 0))
        (local.set $blankAcc (v128.const i32x4 0 0 0 0))
        (local.set $escapeAcc (v128.const i32x4 0 0 0 0))
        (loop $blocks
          (local.set $v (v128.load offset=4096 (local.get $i)))
          (local.set $after (v128.load offset=4097 (local.get $i)))
          (local.set $newline (i8x16.eq (local.get $v) (local.get $nl)))
          (local.set $lineAcc (i8x16.sub (local.get $lineAcc) (local.get $newline)))
          (local.set $blankAcc
            (i8x16.sub (local.get $blankAcc) (v128.and (local.get $newline) (i8x16.eq (local.get $after) (local.get $nl)))))
          (local.set $escapeAcc
            (i8x16.sub (local.get $escapeAcc)
              (v128.and (i8x16.eq (local.get $v) (local.get $backslash)) (i8x16.eq (local.get $after) (local.get $n)))))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br_if $blocks (i32.lt_u (local.get $i) (local.get $stop))))
        (local.set $lines (i32.add (local.get $lines) (call $sum (local.get $lineAcc))))
        (local.set $blanks (i32.add (local.get $blanks) (call $sum (local.get $blankAcc))))
        (local.set $escapes (i32.add (local.get $escapes) (call $sum (local.get $escapeAcc))))
        (br $rounds)))
    (block $end
      (loop $tail
        (br_if $end (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $byte (i32.load8_u offset=4096 (local.get $i)))
        (local.set $next (i32.load8_u offset=4097 (local.get $i)))
        (if (i32.eq (local.get $byte) (i32.const 10))
          (then
            (local.set $lines (i32.add (local.get $lines) (i32.const 1)))
            (local.set $blanks (i32.add (local.get $blanks) (i32.eq (local.get $next) (i32.const 10))))))
        (if (i32.eq (local.get $byte) (i32.const 92))
          (then (local.set $escapes (i32.add (local.get $escapes) (i32.eq (local.get $next) (i32.const 110))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (i32.store (i32.const 116) (local.get $blanks))
    (i32.store (i32.const 120) (local.get $escapes))
    (local.get $lines)))
