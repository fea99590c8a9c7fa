// The gst-yaml-launch tool, run as a real process.
#include <gio/gio.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>

#include "pipeline_fixture.h"

using lava::test::shipped_pipeline;
using testing::HasSubstr;

namespace {

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

Outcome run(std::vector<std::string> args) {
  args.insert(args.begin(), GST_YAML_LAUNCH);
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  argv.push_back(nullptr);
  GError* error = nullptr;
  lava::GObjectPtr<GSubprocess> process(
      g_subprocess_newv(argv.data(),
                        static_cast<GSubprocessFlags>(G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                      G_SUBPROCESS_FLAGS_STDERR_PIPE),
                        &error));
  Outcome outcome;
  if (!process) {
    outcome.err = error->message;
    g_error_free(error);
    return outcome;
  }
  gchar *out = nullptr, *err = nullptr;
  g_subprocess_communicate_utf8(process.get(), nullptr, nullptr, &out, &err, nullptr);
  outcome.out = out ? out : "";
  outcome.err = err ? err : "";
  g_free(out);
  g_free(err);
  outcome.status = g_subprocess_get_exit_status(process.get());
  return outcome;
}

}  // namespace

TEST(GstYamlLaunch, PlaysToEosAndExitsZero) {
  lava::test::TempDir dir;
  auto o =
      run({shipped_pipeline("tone-to-file.yaml"), "location=" + dir.file("t.wav"), "buffers=2"});
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("Setting pipeline to PLAYING"));
  EXPECT_THAT(o.out, HasSubstr("/GstPipeline:tone-to-file: PAUSED -> PLAYING"));
  EXPECT_THAT(o.out, HasSubstr("Got EOS from element \"/GstPipeline:tone-to-file\""));
  EXPECT_EQ(lava::test::wav_data(dir.file("t.wav")).size(), 2u * 4800 * 4);
}

TEST(GstYamlLaunch, FileErrorsAreFileLineColumnAndExitOne) {
  lava::test::TempDir dir;
  g_file_set_contents(dir.file("bad.yaml").c_str(), "nodes:\n  - {id: a, factory: nosuch}\n", -1,
                      nullptr);
  auto o = run({dir.file("bad.yaml")});
  EXPECT_EQ(o.status, 1);
  EXPECT_THAT(o.err, HasSubstr(dir.file("bad.yaml") + ":2:22: unknown factory 'nosuch'"));
  auto missing = run({shipped_pipeline("speech-16k.yaml")});
  EXPECT_EQ(missing.status, 1);
  EXPECT_THAT(missing.err, HasSubstr("missing parameter 'input'"));
}

TEST(GstYamlLaunch, BusErrorsNameTheElementPath) {
  auto o = run({shipped_pipeline("player.yaml"), "location=/nonexistent/track.ogg"});
  EXPECT_EQ(o.status, 1);
  EXPECT_THAT(o.err, HasSubstr("ERROR: from element /GstPipeline:player/GstFileSrc:source:"));
}

TEST(GstYamlLaunch, ExplainAndPrintDoNotPlay) {
  auto o = run({shipped_pipeline("tone-to-file.yaml"), "--explain"});
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("Rewrites: none"));
  EXPECT_THAT(o.out, HasSubstr("Pipeline: audiotestsrc name=tone"));
  EXPECT_THAT(o.out, testing::Not(HasSubstr("PLAYING")));
  auto yaml = run({shipped_pipeline("tone-to-file.yaml"), "--print-yaml", "freq=1000"});
  EXPECT_THAT(yaml.out, HasSubstr("freq: 1000\n"));
  auto launch = run({shipped_pipeline("tone-to-file.yaml"), "--print-launch"});
  EXPECT_THAT(launch.out, HasSubstr("! wavenc name=encode !"));
}

TEST(GstYamlLaunch, NoFusionBuildsTheGraphAsWritten) {
  const std::string file = shipped_pipeline("speech-16k.yaml");
  auto fused = run({file, "input=/dev/null", "--explain"});
  EXPECT_EQ(fused.status, 0) << fused.err;
  EXPECT_THAT(fused.out, HasSubstr("Rewrite: fused convert, resample, mono into resamplenormmono"));
  auto plain = run({file, "input=/dev/null", "--no-fusion", "--explain"});
  EXPECT_EQ(plain.status, 0) << plain.err;
  EXPECT_THAT(plain.out, HasSubstr("Rewrites: none"));
  EXPECT_THAT(plain.out, HasSubstr("! audioresample name=resample"));
}

TEST(GstYamlLaunch, VerbosePrintsCapsAndElementStateChanges) {
  lava::test::TempDir dir;
  const std::vector<std::string> args = {shipped_pipeline("tone-to-file.yaml"),
                                         "location=" + dir.file("t.wav"), "buffers=1"};
  auto quiet = run(args);
  EXPECT_EQ(quiet.status, 0) << quiet.err;
  EXPECT_THAT(quiet.out, testing::Not(HasSubstr("GstWavEnc:encode: READY -> PAUSED")));
  EXPECT_THAT(quiet.out, testing::Not(HasSubstr("caps = ")));
  std::vector<std::string> verbose_args = args;
  verbose_args.push_back("-v");
  auto verbose = run(verbose_args);
  EXPECT_EQ(verbose.status, 0) << verbose.err;
  EXPECT_THAT(verbose.out,
              HasSubstr("/GstPipeline:tone-to-file/GstWavEnc:encode: READY -> PAUSED"));
  EXPECT_THAT(verbose.out, HasSubstr("GstWavEnc:encode.GstPad:src: caps = audio/x-wav"));
}

TEST(GstYamlLaunch, UsageErrors) {
  EXPECT_EQ(run({}).status, 2);
  EXPECT_EQ(run({shipped_pipeline("tone-to-file.yaml"), "--bogus"}).status, 2);
  EXPECT_EQ(run({"--help"}).status, 0);
}

TEST(GstYamlLaunch, DotFilesPerStateChange) {
  lava::test::TempDir dir;
  auto o = run({shipped_pipeline("tone-to-file.yaml"), "location=" + dir.file("t.wav"), "buffers=1",
                "--dot", dir.file("")});
  EXPECT_EQ(o.status, 0) << o.err;
  std::string dot = lava::test::read_file(dir.file("tone-to-file.PAUSED_PLAYING.dot"));
  EXPECT_THAT(dot, HasSubstr("digraph"));
  EXPECT_THAT(dot, HasSubstr("GstWavEnc"));
}

TEST(GstYamlLaunch, SigintSendsEosSoTheFileIsComplete) {
  lava::test::TempDir dir;
  std::string yaml =
      "nodes:\n  - {id: tone, factory: audiotestsrc, properties: {is-live: true}}\n"
      "  - {id: enc, factory: wavenc}\n"
      "  - {id: out, factory: filesink, properties: {location: '" +
      dir.file("live.wav") + "'}}\n";
  g_file_set_contents(dir.file("live.yaml").c_str(), yaml.c_str(), -1, nullptr);
  const char* argv[] = {GST_YAML_LAUNCH, nullptr, nullptr};
  std::string file = dir.file("live.yaml");
  argv[1] = file.c_str();
  GError* error = nullptr;
  lava::GObjectPtr<GSubprocess> process(
      g_subprocess_newv(argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error));
  ASSERT_TRUE(process);
  lava::GObjectPtr<GDataInputStream> lines(
      g_data_input_stream_new(g_subprocess_get_stdout_pipe(process.get())));
  std::string seen;
  // Wait until it plays, then interrupt.
  while (seen.find("PAUSED -> PLAYING") == std::string::npos) {
    gchar* line = g_data_input_stream_read_line(lines.get(), nullptr, nullptr, nullptr);
    ASSERT_NE(line, nullptr) << seen;
    seen += std::string(line) + "\n";
    g_free(line);
  }
  g_subprocess_send_signal(process.get(), SIGINT);
  while (gchar* line = g_data_input_stream_read_line(lines.get(), nullptr, nullptr, nullptr)) {
    seen += std::string(line) + "\n";
    g_free(line);
  }
  ASSERT_TRUE(g_subprocess_wait(process.get(), nullptr, nullptr));
  EXPECT_EQ(g_subprocess_get_exit_status(process.get()), 0);
  EXPECT_THAT(seen, HasSubstr("Interrupt: sending EOS"));
  EXPECT_THAT(seen, HasSubstr("Got EOS"));
  // wavenc rewrites the header's sizes only on EOS.
  EXPECT_GT(lava::test::wav_data(dir.file("live.wav")).size(), 0u);
}
