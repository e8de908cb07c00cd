;; Exception handling as C++ compilers emit it (clang -fwasm-exceptions: the legacy
;; try/catch/rethrow/delegate instructions), written by hand because the installed toolchain
;; cannot link such a program (see CHANGELOG). Thrown several frames deep, caught by tag,
;; rethrown, caught by catch_all, delegated, thrown by the host, and left uncaught.
(module
  (import "env" "host_throw" (func $host_throw (param i32)))
  (tag $error (export "error") (param i32))
  (tag $other (export "other") (param i64 f64))

  ;; Three frames: depth1 -> depth2 -> depth3, which throws when x > 2.
  (func $depth3 (param $x i32) (result i32)
    (if (i32.gt_s (local.get $x) (i32.const 2))
      (then (throw $error (i32.mul (local.get $x) (i32.const 10)))))
    (local.get $x))
  (func $depth2 (param $x i32) (result i32)
    (i32.add (call $depth3 (local.get $x)) (i32.const 1)))
  (func $depth1 (param $x i32) (result i32)
    (local $unused i64)
    (i32.add (call $depth2 (local.get $x)) (i32.const 100)))

  ;; 101 + x when nothing throws, else 1000 + the payload (10 * x).
  (func (export "catch_deep") (param $x i32) (result i32)
    (try (result i32)
      (do (call $depth1 (local.get $x)))
      (catch $other (drop) (drop) (i32.const -1))
      (catch $error (i32.add (i32.const 1000)))))

  ;; The inner handler rethrows what it caught; the outer one catches it by tag.
  (func (export "rethrow") (param $x i32) (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do (call $depth1 (local.get $x)))
          (catch_all (rethrow 0))))
      (catch $error (i32.add (i32.const 2000)))))

  ;; catch_all takes any tag, the payload is not seen.
  (func (export "catch_all") (param $x i32) (result i32)
    (try (result i32)
      (do (call $depth1 (local.get $x)))
      (catch_all (i32.const -7))))

  ;; A delegate hands the exception to the outer try, past the inner catch_all.
  (func (export "delegate") (param $x i32) (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do
            (try (result i32)
              (do (call $depth1 (local.get $x)))
              (delegate 1)))
          (catch_all (i32.const -1))))
      (catch $error (i32.add (i32.const 3000)))))

  ;; Throws and catches n times: exceptions caught this way are freed as they are caught.
  (func (export "throw_loop") (param $n i32) (result i32)
    (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $sum
          (i32.add (local.get $sum)
            (try (result i32)
              (do (call $depth1 (i32.const 3)))
              (catch $error))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $sum))

;; What clang emits for C++ (a cleanup pad `catch_all ... rethrow 0`, then a catch whose body
  ;; could rethrow but ends normally) in a loop: the held exception is freed every iteration.
  (func (export "rethrow_loop") (param $n i32) (result i32)
    (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (try
          (do
            (try
              (do (drop (call $depth1 (i32.const 3))))
              (catch_all (rethrow 0))))
          (catch $error
            (local.set $sum (i32.add (local.get $sum)))
            (if (i32.lt_s (local.get $n) (i32.const 0))
              (then (rethrow 1)))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  ;; Traps are not exceptions: catch_all does not stop them.
  (func (export "trap_in_try") (result i32)
    (try (result i32)
      (do (unreachable))
      (catch_all (i32.const 1))))

  ;; The host throws $error (with the value it was given + 1); caught here.
  (func (export "host_caught") (param $x i32) (result i32)
    (try (result i32)
      (do (call $host_throw (local.get $x)) (i32.const 0))
      (catch $error)))

  ;; The same, uncaught: the embedder receives it.
  (func (export "host_uncaught") (param $x i32)
    (call $host_throw (local.get $x)))

  ;; Nothing catches it: the embedder receives tag $error with payload 10 * x.
  (func (export "uncaught") (param $x i32) (result i32)
    (call $depth1 (local.get $x)))

  ;; $other's payload of two values reaches the embedder.
  (func (export "uncaught_other")
    (throw $other (i64.const -5) (f64.const 2.5))))
