# exceptions_eh.s - the throwing and catching of the exceptions workload, in WebAssembly
# exception handling (legacy try/catch form, which clang 14's assembler, node 20 and
# wabt 1.0.32 all know). The C side (exceptions.c) declares these functions; its native build
# implements them with setjmp/longjmp instead.
#
# Every catch restores __stack_pointer (the C shadow stack) to its value at the try: the frames
# an exception unwinds through do not pop their shadow-stack space themselves.
#
# clang 14's assembler type checker does not pop a tag's payload at `throw`; the `drop`s after
# each throw are unreachable and only keep that checker's stack balanced.

	.globaltype	__stack_pointer, i32
	.tagtype	wrt_fail i32
	.tagtype	wrt_found i32, i32

# int32_t eh_try(eh_body body, void *ctx): body(ctx), or -1 - payload of a caught `fail`
	.section	.text.eh_try,"",@
	.globl	eh_try
	.type	eh_try,@function
eh_try:
	.functype	eh_try (i32, i32) -> (i32)
	.local	i32
	global.get	__stack_pointer
	local.set	2
	try
	local.get	1
	local.get	0
	call_indirect	(i32) -> (i32)
	local.set	1
	catch	wrt_fail
	i32.const	-1
	i32.xor
	local.set	1
	local.get	2
	global.set	__stack_pointer
	end_try
	local.get	1
	end_function

# int32_t eh_try_reason(eh_body body, void *ctx, int32_t reason): as eh_try, but a `fail`
# whose payload & 15 is not reason is rethrown
	.section	.text.eh_try_reason,"",@
	.globl	eh_try_reason
	.type	eh_try_reason,@function
eh_try_reason:
	.functype	eh_try_reason (i32, i32, i32) -> (i32)
	.local	i32, i32
	global.get	__stack_pointer
	local.set	3
	try
	local.get	1
	local.get	0
	call_indirect	(i32) -> (i32)
	local.set	1
	catch	wrt_fail
	local.tee	4
	i32.const	15
	i32.and
	local.get	2
	i32.ne
	if
	rethrow	1
	end_if
	local.get	4
	i32.const	-1
	i32.xor
	local.set	1
	local.get	3
	global.set	__stack_pointer
	end_try
	local.get	1
	end_function

# int32_t eh_protect(eh_body body, void *ctx, eh_undo undo, void *undo_ctx): body(ctx); on any
# exception undo(undo_ctx), then rethrow it
	.section	.text.eh_protect,"",@
	.globl	eh_protect
	.type	eh_protect,@function
eh_protect:
	.functype	eh_protect (i32, i32, i32, i32) -> (i32)
	.local	i32
	global.get	__stack_pointer
	local.set	4
	try
	local.get	1
	local.get	0
	call_indirect	(i32) -> (i32)
	local.set	1
	catch_all
	local.get	4
	global.set	__stack_pointer
	local.get	3
	local.get	2
	call_indirect	(i32) -> ()
	rethrow	0
	end_try
	local.get	1
	end_function

# int32_t eh_search(eh_body body, void *ctx, int32_t *b_out): -1 if body(ctx) returns; a
# (and *b_out = b) of a caught `found` (a, b)
	.section	.text.eh_search,"",@
	.globl	eh_search
	.type	eh_search,@function
eh_search:
	.functype	eh_search (i32, i32, i32) -> (i32)
	.local	i32, i32
	global.get	__stack_pointer
	local.set	3
	try
	local.get	1
	local.get	0
	call_indirect	(i32) -> (i32)
	drop
	i32.const	-1
	local.set	1
	catch	wrt_found
	local.set	4
	local.set	1
	local.get	2
	local.get	4
	i32.store	0
	local.get	3
	global.set	__stack_pointer
	end_try
	local.get	1
	end_function

# void eh_fail(int32_t payload)
	.section	.text.eh_fail,"",@
	.globl	eh_fail
	.type	eh_fail,@function
eh_fail:
	.functype	eh_fail (i32) -> ()
	local.get	0
	throw	wrt_fail
	drop
	end_function

# void eh_found(int32_t a, int32_t b)
	.section	.text.eh_found,"",@
	.globl	eh_found
	.type	eh_found,@function
eh_found:
	.functype	eh_found (i32, i32) -> ()
	local.get	0
	local.get	1
	throw	wrt_found
	drop
	drop
	end_function

	.section	.data.wrt_fail,"",@
	.globl	wrt_fail
wrt_fail:
	.section	.data.wrt_found,"",@
	.globl	wrt_found
wrt_found:
