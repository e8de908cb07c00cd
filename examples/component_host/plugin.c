// The plugin of the component_host example, in C without a libc, written directly to the
// canonical ABI of plugin.wit (what a bindings generator would produce): imports by their
// interface and function names, exports by their names, cabi_realloc for the host to copy
// strings and lists in, and return areas in linear memory for results that do not fit one
// core value. regenerate.sh turns it into plugin.component.wasm with the reference tools.
#include <stddef.h>
#include <stdint.h>

#define HOST(name) __attribute__((import_module("example:plugin/host@0.1.0"), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

HOST("log") void host_log(const char* message, size_t length);
HOST("[constructor]counter-store") int32_t counter_store_new(void);
HOST("[method]counter-store.add") uint32_t counter_store_add(int32_t self, const char* key, size_t key_length, uint32_t by);
HOST("[resource-drop]counter-store") void counter_store_drop(int32_t handle);

// --- memory: a bump allocator that grows the memory as needed --------------------------------

extern unsigned char __heap_base;
static uintptr_t heap_top;
// Everything allocated for one call (its arguments, copied in by the host through
// cabi_realloc, and its results) is released by the call's cabi_post_* function, when the host
// has copied the results out.
static uintptr_t call_start;
static int in_call;

static void* allocate(size_t align, size_t size) {
  if (heap_top == 0) heap_top = (uintptr_t)&__heap_base;
  if (!in_call) {
    call_start = heap_top;
    in_call = 1;
  }
  uintptr_t p = (heap_top + align - 1) & ~(uintptr_t)(align - 1);
  uintptr_t end = p + size;
  uintptr_t limit = __builtin_wasm_memory_size(0) * 65536u;
  if (end > limit) {
    size_t pages = (end - limit + 65535u) / 65536u;
    if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) __builtin_trap();
  }
  heap_top = end;
  return (void*)p;
}

EXPORT("cabi_realloc") void* cabi_realloc(void* old, size_t old_size, size_t align, size_t new_size) {
  void* p = allocate(align, new_size);
  unsigned char* to = p;
  const unsigned char* from = old;
  for (size_t i = 0; i < old_size && i < new_size; ++i) to[i] = from[i];
  return p;
}

static void end_call(void) {
  if (in_call) heap_top = call_start;
  in_call = 0;
}

// --- strings ----------------------------------------------------------------------------------

typedef struct {
  char* data;
  size_t length;
} text;

static text text_new(size_t capacity) {
  text t = {allocate(1, capacity), 0};
  return t;
}
static void append(text* t, const char* s, size_t n) {
  for (size_t i = 0; i < n; ++i) t->data[t->length++] = s[i];
}
static void append_z(text* t, const char* s) {
  while (*s) t->data[t->length++] = *s++;
}
static void append_u32(text* t, uint32_t v) {
  char digits[10];
  int n = 0;
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) t->data[t->length++] = digits[--n];
}

// --- exports ----------------------------------------------------------------------------------

static int32_t store = -1;  // the handle of the host's counter store, made on first use

// greet: func(name: string) -> string. The result (pointer, length) is returned through a
// return area.
EXPORT("greet") uint32_t* greet(const char* name, size_t name_length) {
  if (store < 0) store = counter_store_new();
  uint32_t seen = counter_store_add(store, name, name_length, 1);
  text line = text_new(64 + name_length);
  append_z(&line, "greeting ");
  append(&line, name, name_length);
  host_log(line.data, line.length);

  text reply = text_new(64 + name_length);
  append_z(&reply, "Hello, ");
  append(&reply, name, name_length);
  append_z(&reply, "! (greeted ");
  append_u32(&reply, seen);
  append_z(&reply, seen == 1 ? " time)" : " times)");
  uint32_t* ret = allocate(4, 8);
  ret[0] = (uint32_t)(uintptr_t)reply.data;
  ret[1] = (uint32_t)reply.length;
  return ret;
}
EXPORT("cabi_post_greet") void greet_post(uint32_t* ret) {
  (void)ret;
  end_call();
}

// summarize: func(values: list<u32>) -> result<stats, string>. The result's layout: the case
// (u8) at 0, the payload at 8 (stats has a u64: alignment 8): count @8, sum @16, min @24,
// max @28; or the error string (pointer, length) @8, @12.
EXPORT("summarize") unsigned char* summarize(const uint32_t* values, size_t count) {
  unsigned char* ret = allocate(8, 32);
  if (count == 0) {
    static const char message[] = "no values to summarize";
    ret[0] = 1;
    *(uint32_t*)(ret + 8) = (uint32_t)(uintptr_t)message;
    *(uint32_t*)(ret + 12) = sizeof message - 1;
    return ret;
  }
  uint64_t sum = 0;
  uint32_t min = values[0], max = values[0];
  for (size_t i = 0; i < count; ++i) {
    sum += values[i];
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  ret[0] = 0;
  *(uint32_t*)(ret + 8) = (uint32_t)count;
  *(uint64_t*)(ret + 16) = sum;
  *(uint32_t*)(ret + 24) = min;
  *(uint32_t*)(ret + 28) = max;
  return ret;
}
EXPORT("cabi_post_summarize") void summarize_post(unsigned char* ret) {
  (void)ret;
  end_call();
}

EXPORT("reset") void reset(void) {
  if (store >= 0) counter_store_drop(store);
  store = -1;
  end_call();  // no post-return here; nothing of this call stays allocated
}
