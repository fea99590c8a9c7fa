// gst-yaml-launch: gst-launch-1.0 for YAML pipeline files (docs/pipelines.md).
//
//   gst-yaml-launch pipelines/tone-to-file.yaml location=/tmp/tone.wav
//   gst-yaml-launch pipelines/speech-16k.yaml input=in.ogg output=out.wav --explain
#include <gst/gst.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <string>

#include "lava_config.h"
#include "loader.h"
#include "plugin.h"
#include "run_pipeline.h"

namespace {

constexpr const char* kUsage =
    "Usage: gst-yaml-launch FILE.yaml [name=value ...] [options]\n"
    "\n"
    "Builds the pipeline described in FILE.yaml and plays it until EOS or an error.\n"
    "\n"
    "  name=value       set a parameter the file declares\n"
    "  --no-fusion      build the graph as written, without the fusion pass\n"
    "  --explain        print what the loader changed and the graph it built, then exit\n"
    "  --print-yaml     print the loaded graph as YAML, then exit\n"
    "  --print-launch   print the loaded graph in gst-launch-1.0 syntax, then exit\n"
    "  --dot DIR        write a Graphviz .dot file of the pipeline on every state change\n"
    "  -m, --messages   print every element message (e.g. spectrum bands)\n"
    "  -v, --verbose    also print property changes (caps) and every state change\n"
    "  --version        print the version and exit\n"
    "\n"
    "Exit status: 0 after EOS, 1 on any error (file errors are printed as file:line:column).\n";

struct Arguments {
  std::string file;
  std::map<std::string, std::string> params;
  bool fusion = true;
  bool explain = false;
  bool print_yaml = false;
  bool print_launch = false;
  lava::pipelines::RunOptions run;
};

// Returns 0 to go on, or an exit status + 1 (usage errors, --help, --version).
int parse_arguments(int argc, char** argv, Arguments& args) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 1;
    }
    if (a == "--version") {
      std::printf("gst-yaml-launch %s\n", LAVA_VERSION);
      return 1;
    }
    if (a == "--no-fusion") {
      args.fusion = false;
    } else if (a == "--explain") {
      args.explain = true;
    } else if (a == "--print-yaml") {
      args.print_yaml = true;
    } else if (a == "--print-launch") {
      args.print_launch = true;
    } else if (a == "-v" || a == "--verbose") {
      args.run.verbose = args.run.messages = true;
    } else if (a == "-m" || a == "--messages") {
      args.run.messages = true;
    } else if (a == "--dot" && i + 1 < argc) {
      args.run.dot_dir = argv[++i];
    } else if (a.starts_with("-")) {
      std::fprintf(stderr, "gst-yaml-launch: unknown option %s\n\n%s", a.c_str(), kUsage);
      return 3;
    } else if (auto eq = a.find('='); eq != std::string::npos && eq > 0) {
      args.params[a.substr(0, eq)] = a.substr(eq + 1);
    } else if (args.file.empty()) {
      args.file = a;
    } else {
      std::fprintf(stderr, "gst-yaml-launch: more than one file given (%s)\n", a.c_str());
      return 3;
    }
  }
  if (args.file.empty()) {
    std::fputs(kUsage, stderr);
    return 3;
  }
  return 0;
}

void explain(const lava::pipelines::LoadResult& result) {
  if (result.rewrites.empty()) std::printf("Rewrites: none\n");
  for (const auto& r : result.rewrites) std::printf("Rewrite: %s\n", r.c_str());
  std::string why;
  auto launch = lava::pipelines::to_launch(result.spec, &why);
  std::printf("Pipeline: %s\n",
              launch ? launch->c_str() : ("(no gst-launch form: " + why + ")").c_str());
}

}  // namespace

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  lava_plugin_register_static();
  Arguments args;
  if (int status = parse_arguments(argc, argv, args)) return status - 1;

  lava::pipelines::LoadOptions options;
  options.allow_fusion = args.fusion;
  auto result = lava::pipelines::load_file(args.file, args.params, options);
  if (!result) {
    std::fprintf(stderr, "%s\n", result.error->to_string().c_str());
    return 1;
  }
  if (args.explain) explain(result);
  if (args.print_yaml) std::fputs(lava::pipelines::to_yaml(result.spec).c_str(), stdout);
  if (args.print_launch) {
    std::string why;
    auto launch = lava::pipelines::to_launch(result.spec, &why);
    if (!launch) {
      std::fprintf(stderr, "gst-yaml-launch: no gst-launch form: %s\n", why.c_str());
      return 1;
    }
    std::printf("%s\n", launch->c_str());
  }
  if (args.explain || args.print_yaml || args.print_launch) return 0;
  for (const auto& r : result.rewrites) std::printf("Rewrite: %s\n", r.c_str());
  return lava::pipelines::run_pipeline(GST_ELEMENT(result.pipeline.get()), args.run);
}
