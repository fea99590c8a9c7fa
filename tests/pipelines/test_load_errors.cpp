// Every mistake in a pipeline file is reported as file:line:column with what is wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pipeline_fixture.h"

using lava::test::load_error;
using testing::HasSubstr;
using testing::StartsWith;

TEST(LoadErrors, UnknownFactorySuggestsTheClosestOne) {
  std::string e = load_error("nodes:\n  - id: a\n    factory: audiotestsrcc\n");
  EXPECT_THAT(e, StartsWith("3:14: unknown factory 'audiotestsrcc'"));
  EXPECT_THAT(e, HasSubstr("did you mean 'audiotestsrc'"));
}

TEST(LoadErrors, UnknownProperty) {
  std::string e =
      load_error("nodes:\n  - id: a\n    factory: audiotestsrc\n    properties:\n      frq: 3\n");
  EXPECT_THAT(e, StartsWith("5:7: audiotestsrc 'a' has no property 'frq'"));
  EXPECT_THAT(e, HasSubstr("did you mean 'freq'"));
}

TEST(LoadErrors, WrongTypeAndOutOfRange) {
  const std::string head = "nodes:\n  - id: a\n    factory: audiotestsrc\n    properties:\n";
  EXPECT_THAT(load_error(head + "      freq: loud\n"),
              StartsWith("5:13: property 'freq' of audiotestsrc 'a': 'loud' is not a number"));
  EXPECT_THAT(load_error(head + "      freq: -5\n"), StartsWith("5:13: "));
  EXPECT_THAT(load_error(head + "      freq: -5\n"),
              HasSubstr("out of range for freq (0 .. 1.07374e+09)"));
  EXPECT_THAT(load_error(head + "      num-buffers: -5\n"), HasSubstr("out of range"));
  EXPECT_THAT(load_error(head + "      samplesperbuffer: 1.5\n"), HasSubstr("is not an integer"));
  EXPECT_THAT(load_error(head + "      samplesperbuffer: 99999999999999\n"),
              HasSubstr("out of range"));
  EXPECT_THAT(load_error(head + "      is-live: maybe\n"), HasSubstr("expected true or false"));
  EXPECT_THAT(load_error(head + "      wave: square-ish\n"),
              HasSubstr("is not one of sine, square"));
  EXPECT_THAT(load_error(head + "      freq: [1, 2]\n"),
              HasSubstr("expected a number, got a list"));
}

TEST(LoadErrors, ReadOnlyPropertyAndName) {
  EXPECT_THAT(load_error("nodes:\n  - id: a\n    factory: identity\n    properties:\n"
                         "      last-message: x\n"),
              StartsWith("5:7: property 'last-message' of identity 'a' is read-only"));
  EXPECT_THAT(load_error("nodes:\n  - id: a\n    factory: identity\n    properties:\n"
                         "      name: x\n"),
              StartsWith("5:7: the element's name is its node id"));
}

TEST(LoadErrors, DanglingLink) {
  EXPECT_EQ(load_error("nodes:\n  - {id: a, factory: fakesrc}\n  - {id: b, factory: fakesink}\n"
                       "chain: [a, c]\n"),
            "4:12: dangling link: there is no node 'c'");
  EXPECT_EQ(load_error("nodes:\n  - {id: a, factory: fakesrc}\nlinks:\n  - {from: x.src, to: a}\n"),
            "4:12: dangling link: there is no node 'x'");
}

TEST(LoadErrors, DuplicateId) {
  EXPECT_EQ(load_error("nodes:\n  - {id: a, factory: fakesrc}\n  - {id: a, factory: fakesink}\n"),
            "3:10: duplicate id 'a' (first defined at 2:10)");
}

TEST(LoadErrors, Cycle) {
  std::string e = load_error(
      "nodes:\n  - {id: a, factory: identity}\n  - {id: b, factory: identity}\n"
      "  - {id: c, factory: identity}\nchain: [a, b, c, a]\n");
  EXPECT_EQ(e, "5:18: cycle: a -> b -> c -> a");
}

TEST(LoadErrors, MissingAndUnknownParameter) {
  const std::string yaml =
      "parameters:\n  path: {type: string}\nnodes:\n  - id: a\n    factory: filesrc\n"
      "    properties:\n      location: ${path}\n";
  EXPECT_EQ(load_error(yaml),
            "7:17: missing parameter 'path' (declared at 2:3 without a default; pass path=VALUE)");
  EXPECT_THAT(load_error(yaml, {{"pth", "x"}}),
              HasSubstr("unknown parameter 'pth' given (this file declares: path)"));
  EXPECT_EQ(load_error("nodes:\n  - id: a\n    factory: ${nope}\n"),
            "3:14: unknown parameter 'nope'");
  EXPECT_EQ(load_error("parameters:\n  n: {type: int}\nnodes:\n  - {id: a, factory: fakesrc}\n",
                       {{"n", "ten"}}),
            "2:3: parameter 'n': 'ten' is not int");
}

TEST(LoadErrors, SchemaShape) {
  EXPECT_THAT(load_error("nodes:\n  - {id: a, factory: fakesrc, propertie: {}}\n"),
              StartsWith("2:31: unknown key 'propertie' in node"));
  EXPECT_THAT(load_error("node: []\n"), StartsWith("1:1: unknown key 'node' in pipeline"));
  EXPECT_THAT(load_error("nodes: []\n"), StartsWith("1:8: nodes must be a non-empty list"));
  EXPECT_THAT(load_error("nodes:\n  - {factory: fakesrc}\n"), StartsWith("2:5: node has no id"));
  EXPECT_THAT(load_error("nodes:\n  - {id: 'a.b', factory: fakesrc}\n"),
              StartsWith("2:10: id 'a.b' must start with a letter"));
  EXPECT_THAT(load_error("nodes: [\n"), StartsWith("2:1: YAML syntax:"));
  EXPECT_THAT(load_error("- 1\n"), StartsWith("1:1: a pipeline file is a mapping"));
}

TEST(LoadErrors, LinkProblemsNamePadsAndCaps) {
  EXPECT_THAT(load_error("nodes:\n  - {id: a, factory: fakesrc}\n  - {id: b, factory: fakesink}\n"
                         "links:\n  - {from: a.out, to: b}\n"),
              StartsWith("5:12: cannot link: 'a' has no output pad 'out' (output pads: src)"));
  EXPECT_THAT(
      load_error("nodes:\n  - {id: a, factory: audiotestsrc}\n"
                 "  - {id: b, factory: fakesink}\nlinks:\n"
                 "  - {from: a, to: b, caps: 'video/x-raw'}\n"),
      StartsWith(
          "5:28: cannot link 'a' to 'a.b.caps': no common format: output can be audio/x-raw"));
  EXPECT_THAT(load_error("nodes:\n  - {id: a, factory: audiotestsrc, caps: 'not caps,,'}\n"
                         "  - {id: b, factory: fakesink}\n"),
              StartsWith("2:42: 'not caps,,' are not valid caps"));
}

TEST(LoadErrors, FileErrorsNameTheFile) {
  auto result = lava::pipelines::load_file("/nonexistent/x.yaml", {}, {});
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error->to_string(), StartsWith("/nonexistent/x.yaml:0:0: "));
}
