;; A module with a name section (written as its custom section): `wrt-run inspect --wat`
;; prints the function and local names as identifiers.
(module
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (@custom "name" (after last) "\01\06\01\00\03add\02\09\01\00\02\00\01a\01\01b"))
