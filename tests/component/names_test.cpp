// Component name syntax (wrt/component/names.hpp).
#include <wrt/component/names.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace wrt::component;

TEST(ComponentNames, KebabLabels) {
  for (const char* good : {"a", "a-b-c", "a1-2-3", "A", "A-B-C", "A1-2-3", "a11-w0rds", "A11-4CR0NYMS", "m1x3d-4CR0NYMS",
                           "is-XML", "get-JSON"}) {
    EXPECT_TRUE(is_kebab_label(good)) << good;
  }
  for (const char* bad : {"", "1-2-3", "1", "-a", "a-", "a--b", "aBc", "a_b", "a.b", "a b", "ünïcode"}) {
    EXPECT_FALSE(is_kebab_label(bad)) << bad;
  }
}

TEST(ComponentNames, Semver) {
  for (const char* good : {"0.0.0", "1.2.3", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7", "1.0.0+build.1",
                           "1.0.0-rc.1+build-1", "0.0.0-abcd.1.2+efg.4.ee.5"}) {
    EXPECT_TRUE(is_valid_semver(good)) << good;
  }
  for (const char* bad : {"", ".", "1.", "1.2", "a.2.3", "2.b.3", "2.0x0.0", "01.2.3", "1.02.3", "1.2.3-", "1.2.3+",
                          "1.2.3-01", "1.2.3-a..b", "1.2.3+a..b", "1.2.3.4"}) {
    EXPECT_FALSE(is_valid_semver(bad)) << bad;
  }
}

TEST(ComponentNames, PlainAndAnnotatedNames) {
  auto p = parse_extern_name("[method]file.read-all");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind, NameKind::method);
  EXPECT_EQ(p->resource, "file");
  EXPECT_EQ(p->item, "read-all");
  p = parse_extern_name("[constructor]file");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind, NameKind::constructor);
  EXPECT_EQ(p->resource, "file");
  p = parse_extern_name("[static]file.open");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind, NameKind::static_);
  for (const char* bad : {"[method]", "[method]a", "[method]a.", "[method].a", "[method]a.b.c", "[constructor]", "[static]x",
                          "[other]x", "x.y"}) {
    auto r = parse_extern_name(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code(), wrt::ErrorCode::invalid_name) << bad;
  }
}

TEST(ComponentNames, InterfaceNames) {
  auto p = parse_extern_name("wasi:http/types@0.2.6");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind, NameKind::interface);
  EXPECT_EQ(p->package, "wasi:http");
  EXPECT_EQ(p->interface, "types");
  EXPECT_TRUE(p->has_version);
  EXPECT_EQ(p->version, "0.2.6");
  EXPECT_FALSE(p->canonical_version);
  p = parse_extern_name("wasi:http/types@0.2");
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->canonical_version);
  for (const char* good : {"a:b/c", "ns-1-a:b-1-c/D-2", "a-b:c-d/e-f@123456.7890.488", "a:b/c@1", "a:b/c@0.0.1"}) {
    EXPECT_TRUE(parse_extern_name(good)) << good;
  }
  for (const char* bad : {"a:b/c@", "a:b/c@.", "a:b/c@1.", "a:b/c@2.0.0+", "A:b/c", "1:b/c", "ns-A:b/c", "ns:A/b",
                          "ns:1/a", "ns:pkg-A/b", "wasi:", "wasi:/", ":/", "wasi/http", "wasi:http/TyPeS", "a:b",
                          "foo:bar:baz/qux", "foo:bar/baz/qux"}) {
    EXPECT_FALSE(parse_extern_name(bad)) << bad;
  }
  NameOptions nested;
  nested.nested_names = true;
  EXPECT_TRUE(parse_extern_name("foo:bar:baz/qux", nested));
  EXPECT_TRUE(parse_extern_name("foo:bar/baz/qux", nested));
}

std::string key(const char* name) {
  auto p = parse_extern_name(name);
  EXPECT_TRUE(p) << name;
  std::string buffer(std::string(name).size(), '\0');
  return std::string(strong_uniqueness_key(*p, buffer.data()));
}

// Explainer.md, "Name Uniqueness": these are all strongly unique...
TEST(ComponentNames, StrongUniqueness) {
  const char* unique[] = {"foo", "foo-bar", "[constructor]foo", "[method]foo.bar", "[static]foo.baz", "foo:bar/baz"};
  for (std::size_t i = 0; i < std::size(unique); ++i) {
    for (std::size_t j = i + 1; j < std::size(unique); ++j) EXPECT_NE(key(unique[i]), key(unique[j])) << unique[i] << " " << unique[j];
  }
  // ...and each of these collides with one of them.
  const char* colliding[] = {"foo",           "FOO",          "foo-BAR",        "[constructor]FOO",
                             "[method]foo.BAR", "[static]foo.bar", "[method]foo.baz", "[method]foo.foo",
                             "[static]foo-BAR.FOO-bar", "foo:bar/BAZ"};
  for (const char* c : colliding) {
    bool collides = false;
    for (const char* u : unique) collides = collides || key(c) == key(u);
    // [static]foo-BAR.FOO-bar reduces to foo-bar.
    EXPECT_TRUE(collides) << c;
  }
}

}  // namespace
