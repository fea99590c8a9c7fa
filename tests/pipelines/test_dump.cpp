// A loaded pipeline dumps back to YAML that loads to the same graph, and to gst-launch syntax
// that gst_parse_launch builds into a pipeline producing the same output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pipeline_fixture.h"

using lava::test::load_ok;
using lava::test::read_file;
using lava::test::shipped_pipeline;
using testing::HasSubstr;

TEST(Dump, YamlRoundTripIsStable) {
  for (const char* name : {"tone-to-file.yaml", "player.yaml", "speech-16k.yaml"}) {
    std::map<std::string, std::string> params;
    if (std::string(name) == "speech-16k.yaml") params["input"] = "/dev/null";
    auto first = lava::pipelines::load_file(shipped_pipeline(name), params, {});
    ASSERT_TRUE(first) << first.error->to_string();
    std::string yaml = lava::pipelines::to_yaml(first.spec);
    auto second = load_ok(yaml);
    ASSERT_TRUE(second) << yaml;
    EXPECT_EQ(lava::pipelines::to_yaml(second.spec), yaml) << name;
  }
}

TEST(Dump, YamlKeepsLinksPadsCapsAndQuoting) {
  const std::string yaml =
      "name: fan-out\nnodes:\n"
      "  - {id: src, factory: audiotestsrc, properties: {num-buffers: 1, wave: '1'}}\n"
      "  - {id: t, factory: tee}\n  - {id: a, factory: fakesink}\n  - {id: b, factory: fakesink}\n"
      "links:\n  - {from: src, to: t}\n  - {from: t.src_%u, to: a}\n"
      "  - {from: t.src_%u, to: b, caps: 'audio/x-raw, channels=2'}\n";
  auto r = load_ok(yaml);
  std::string dumped = lava::pipelines::to_yaml(r.spec);
  EXPECT_THAT(dumped, HasSubstr("wave: \"1\""));
  EXPECT_THAT(dumped, HasSubstr("- {from: t.src_%u, to: b, caps: \"audio/x-raw, channels=2\"}"));
  auto again = load_ok(dumped);
  EXPECT_EQ(lava::pipelines::to_yaml(again.spec), dumped);
}

TEST(Dump, LaunchSyntaxBuildsTheSameOutput) {
  lava::test::TempDir dir;
  auto r = lava::pipelines::load_file(shipped_pipeline("tone-to-file.yaml"),
                                      {{"location", dir.file("yaml.wav")}, {"buffers", "4"}}, {});
  ASSERT_TRUE(r) << r.error->to_string();
  ASSERT_EQ(lava::test::play_to_eos(GST_ELEMENT(r.pipeline.get())), "");

  auto loaded =
      lava::pipelines::load_file(shipped_pipeline("tone-to-file.yaml"),
                                 {{"location", dir.file("launch.wav")}, {"buffers", "4"}}, {});
  auto launch = lava::pipelines::to_launch(loaded.spec);
  ASSERT_TRUE(launch);
  GError* error = nullptr;
  auto parsed = lava::adopt_gst(gst_parse_launch(launch->c_str(), &error));
  ASSERT_TRUE(parsed) << (error ? error->message : "") << "\n" << *launch;
  ASSERT_EQ(lava::test::play_to_eos(parsed.get()), "");
  EXPECT_EQ(lava::test::wav_data(dir.file("yaml.wav")).size(), 4u * 4800 * 4);
  EXPECT_EQ(read_file(dir.file("yaml.wav")), read_file(dir.file("launch.wav")));
}

TEST(Dump, LaunchSyntaxForBranchesAndReferences) {
  lava::test::TempDir dir;
  const std::string out = dir.file("two words.raw");
  auto r = load_ok(
      "nodes:\n  - {id: src, factory: audiotestsrc, properties: {num-buffers: 2}}\n"
      "  - {id: t, factory: tee}\n  - {id: q1, factory: queue}\n  - {id: q2, factory: queue}\n"
      "  - {id: s1, factory: fakesink}\n  - {id: s2, factory: filesink, properties: "
      "{location: '" +
      out +
      "'}}\n"
      "links:\n  - {from: src, to: t}\n  - {from: t, to: q1}\n  - {from: q1, to: s1}\n"
      "  - {from: t, to: q2}\n  - {from: q2, to: s2}\n");
  auto launch = lava::pipelines::to_launch(r.spec);
  ASSERT_TRUE(launch);
  EXPECT_EQ(*launch,
            "audiotestsrc name=src num-buffers=2 ! tee name=t ! queue name=q1 ! fakesink name=s1 "
            "t. ! queue name=q2 ! filesink name=s2 location=\"" +
                out + "\"");
  GError* error = nullptr;
  auto parsed = lava::adopt_gst(gst_parse_launch(launch->c_str(), &error));
  ASSERT_TRUE(parsed) << (error ? error->message : "");
  EXPECT_EQ(lava::test::play_to_eos(parsed.get()), "");
  EXPECT_EQ(read_file(out).size(), 2u * 1024 * 2);
}

TEST(Dump, NestedElementsHaveNoLaunchForm) {
  auto r = load_ok(
      "nodes:\n  - id: p\n    factory: playbin\n    properties:\n"
      "      audio-sink: {factory: fakesink}\n");
  std::string why;
  EXPECT_FALSE(lava::pipelines::to_launch(r.spec, &why));
  EXPECT_THAT(why, HasSubstr("audio-sink"));
}
