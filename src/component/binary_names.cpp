// Names of the component binary format's enumerations, for messages and printing.
#include <wrt/component/binary.hpp>

namespace wrt::component {

const char* name_of(Sort sort) noexcept {
  switch (sort) {
    case Sort::core_func: return "core func";
    case Sort::core_table: return "core table";
    case Sort::core_memory: return "core memory";
    case Sort::core_global: return "core global";
    case Sort::core_tag: return "core tag";
    case Sort::core_type: return "core type";
    case Sort::core_module: return "core module";
    case Sort::core_instance: return "core instance";
    case Sort::func: return "func";
    case Sort::value: return "value";
    case Sort::type: return "type";
    case Sort::component: return "component";
    case Sort::instance: return "instance";
  }
  return "?";
}

bool is_primitive_code(std::uint8_t code) noexcept {
  return (code >= 0x73 && code <= 0x7f) || code == 0x64;
}

const char* name_of(Primitive p) noexcept {
  switch (p) {
    case Primitive::bool_: return "bool";
    case Primitive::s8: return "s8";
    case Primitive::u8: return "u8";
    case Primitive::s16: return "s16";
    case Primitive::u16: return "u16";
    case Primitive::s32: return "s32";
    case Primitive::u32: return "u32";
    case Primitive::s64: return "s64";
    case Primitive::u64: return "u64";
    case Primitive::f32: return "f32";
    case Primitive::f64: return "f64";
    case Primitive::char_: return "char";
    case Primitive::string: return "string";
    case Primitive::error_context: return "error-context";
  }
  return "?";
}

const char* name_of(TypeKind kind) noexcept {
  switch (kind) {
    case TypeKind::primitive: return "primitive";
    case TypeKind::record: return "record";
    case TypeKind::variant: return "variant";
    case TypeKind::list: return "list";
    case TypeKind::fixed_list: return "fixed-length list";
    case TypeKind::tuple: return "tuple";
    case TypeKind::flags: return "flags";
    case TypeKind::enum_: return "enum";
    case TypeKind::option: return "option";
    case TypeKind::result: return "result";
    case TypeKind::own: return "own";
    case TypeKind::borrow: return "borrow";
    case TypeKind::stream: return "stream";
    case TypeKind::future: return "future";
    case TypeKind::map: return "map";
    case TypeKind::func: return "func";
    case TypeKind::component: return "component";
    case TypeKind::instance: return "instance";
    case TypeKind::resource: return "resource";
  }
  return "?";
}

const char* name_of(ExternKind kind) noexcept {
  switch (kind) {
    case ExternKind::core_module: return "core module";
    case ExternKind::func: return "func";
    case ExternKind::value: return "value";
    case ExternKind::type: return "type";
    case ExternKind::component: return "component";
    case ExternKind::instance: return "instance";
  }
  return "?";
}

const char* name_of(CanonKind kind) noexcept {
  switch (kind) {
    case CanonKind::lift: return "lift";
    case CanonKind::lower: return "lower";
    case CanonKind::resource_new: return "resource.new";
    case CanonKind::resource_drop: return "resource.drop";
    case CanonKind::resource_rep: return "resource.rep";
    case CanonKind::backpressure_inc: return "backpressure.inc";
    case CanonKind::backpressure_dec: return "backpressure.dec";
    case CanonKind::task_return: return "task.return";
    case CanonKind::task_cancel: return "task.cancel";
    case CanonKind::context_get: return "context.get";
    case CanonKind::context_set: return "context.set";
    case CanonKind::subtask_cancel: return "subtask.cancel";
    case CanonKind::subtask_drop: return "subtask.drop";
    case CanonKind::stream_new: return "stream.new";
    case CanonKind::stream_read: return "stream.read";
    case CanonKind::stream_write: return "stream.write";
    case CanonKind::stream_cancel_read: return "stream.cancel-read";
    case CanonKind::stream_cancel_write: return "stream.cancel-write";
    case CanonKind::stream_drop_readable: return "stream.drop-readable";
    case CanonKind::stream_drop_writable: return "stream.drop-writable";
    case CanonKind::future_new: return "future.new";
    case CanonKind::future_read: return "future.read";
    case CanonKind::future_write: return "future.write";
    case CanonKind::future_cancel_read: return "future.cancel-read";
    case CanonKind::future_cancel_write: return "future.cancel-write";
    case CanonKind::future_drop_readable: return "future.drop-readable";
    case CanonKind::future_drop_writable: return "future.drop-writable";
    case CanonKind::error_context_new: return "error-context.new";
    case CanonKind::error_context_debug_message: return "error-context.debug-message";
    case CanonKind::error_context_drop: return "error-context.drop";
    case CanonKind::waitable_set_new: return "waitable-set.new";
    case CanonKind::waitable_set_wait: return "waitable-set.wait";
    case CanonKind::waitable_set_poll: return "waitable-set.poll";
    case CanonKind::waitable_set_drop: return "waitable-set.drop";
    case CanonKind::waitable_join: return "waitable.join";
    case CanonKind::thread_index: return "thread.index";
    case CanonKind::thread_new_indirect: return "thread.new-indirect";
    case CanonKind::thread_resume_later: return "thread.resume-later";
    case CanonKind::thread_suspend: return "thread.suspend";
    case CanonKind::thread_yield: return "thread.yield";
    case CanonKind::thread_suspend_then_resume: return "thread.suspend-then-resume";
    case CanonKind::thread_yield_then_resume: return "thread.yield-then-resume";
    case CanonKind::thread_suspend_then_promote: return "thread.suspend-then-promote";
    case CanonKind::thread_yield_then_promote: return "thread.yield-then-promote";
    case CanonKind::thread_spawn_ref: return "thread.spawn-ref";
    case CanonKind::thread_spawn_indirect: return "thread.spawn-indirect";
    case CanonKind::thread_available_parallelism: return "thread.available-parallelism";
  }
  return "?";
}

const char* name_of(StringEncoding encoding) noexcept {
  switch (encoding) {
    case StringEncoding::utf8: return "utf8";
    case StringEncoding::utf16: return "utf16";
    case StringEncoding::latin1_utf16: return "latin1+utf16";
  }
  return "?";
}

const char* name_of(DefinitionKind kind) noexcept {
  switch (kind) {
    case DefinitionKind::core_module: return "core module";
    case DefinitionKind::core_instance: return "core instance";
    case DefinitionKind::core_type: return "core type";
    case DefinitionKind::component: return "component";
    case DefinitionKind::instance: return "instance";
    case DefinitionKind::alias: return "alias";
    case DefinitionKind::type: return "type";
    case DefinitionKind::canon: return "canon";
    case DefinitionKind::start: return "start";
    case DefinitionKind::import: return "import";
    case DefinitionKind::export_: return "export";
    case DefinitionKind::value: return "value";
  }
  return "?";
}

}  // namespace wrt::component
