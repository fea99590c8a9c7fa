#include <gtest/gtest.h>

#include <string>

#include "yaml_tree.h"

using lava::parse_yaml;
using lava::YamlError;

TEST(YamlTree, KeepsPositionsAndScalarStyle) {
  YamlError error;
  auto root = parse_yaml("a: 1\nb:\n  - x\n  - 'y'\nc: {d: ~}\n", &error);
  ASSERT_TRUE(root) << error.message;
  ASSERT_TRUE(root->is_mapping());
  const auto* b = root->find("b");
  ASSERT_NE(b, nullptr);
  ASSERT_TRUE(b->is_sequence());
  ASSERT_EQ(b->items.size(), 2u);
  EXPECT_EQ(b->items[1].scalar, "y");
  EXPECT_FALSE(b->items[1].plain);
  EXPECT_TRUE(b->items[0].plain);
  EXPECT_EQ(b->items[1].mark.line, 4);
  EXPECT_EQ(b->items[1].mark.column, 5);
  EXPECT_TRUE(root->find("c")->find("d")->is_null());
  EXPECT_EQ(root->find("missing"), nullptr);
}

TEST(YamlTree, ExpandsAliases) {
  YamlError error;
  auto root = parse_yaml("base: &b {x: 1}\ncopy: *b\n", &error);
  ASSERT_TRUE(root) << error.message;
  EXPECT_EQ(root->find("copy")->find("x")->scalar, "1");
}

TEST(YamlTree, EmptyDocumentIsEmptyMapping) {
  YamlError error;
  auto root = parse_yaml("", &error);
  ASSERT_TRUE(root);
  EXPECT_TRUE(root->is_mapping());
  EXPECT_TRUE(root->entries.empty());
}

TEST(YamlTree, ReportsSyntaxErrorPosition) {
  YamlError error;
  EXPECT_FALSE(parse_yaml("a: [1,\n  b: }\n", &error));
  EXPECT_EQ(error.mark.line, 2);
  EXPECT_FALSE(error.message.empty());
}

TEST(YamlTree, RefusesDeepNestingAndAliasBombs) {
  YamlError error;
  EXPECT_FALSE(parse_yaml(std::string(200, '[') + std::string(200, ']'), &error));
  EXPECT_EQ(error.message, "nesting too deep");
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'k'; ++c, ++prev)
    bomb += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" +
            prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n";
  EXPECT_FALSE(parse_yaml(bomb, &error));
  EXPECT_EQ(error.message, "alias expansion too large");
}

TEST(YamlTree, UnknownAliasIsAnError) {
  YamlError error;
  EXPECT_FALSE(parse_yaml("a: *nope\n", &error));
}
