#include "run_pipeline.h"

#include <glib-unix.h>
#include <glib/gstdio.h>

#include <csignal>
#include <cstdio>

#include "gobject_ptr.h"

namespace lava::pipelines {

namespace {

struct Run {
  GstElement* pipeline;
  const RunOptions& options;
  GMainLoopPtr loop{g_main_loop_new(nullptr, FALSE)};
  int status = 0;
  bool interrupted = false;
  bool prerolled = false;
  gint64 started = 0;
};

std::string path_of(GstObject* object) {
  GCharPtr path(gst_object_get_path_string(object));
  return path ? path.get() : "(unknown)";
}

void write_dot(const Run& run, const char* label) {
  if (run.options.dot_dir.empty()) return;
  g_mkdir_with_parents(run.options.dot_dir.c_str(), 0755);
  GCharPtr name(gst_element_get_name(run.pipeline));
  GCharPtr dot(gst_debug_bin_to_dot_data(GST_BIN(run.pipeline), GST_DEBUG_GRAPH_SHOW_ALL));
  std::string file = run.options.dot_dir + "/" + name.get() + "." + label + ".dot";
  GError* error = nullptr;
  if (!g_file_set_contents(file.c_str(), dot.get(), -1, &error)) {
    std::fprintf(stderr, "WARNING: cannot write %s: %s\n", file.c_str(), error->message);
    g_error_free(error);
  }
}

// An error or warning message, with the path of the element that posted it.
void print_problem(GstMessage* message) {
  GError* error = nullptr;
  gchar* debug = nullptr;
  bool is_error = GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR;
  if (is_error)
    gst_message_parse_error(message, &error, &debug);
  else
    gst_message_parse_warning(message, &error, &debug);
  std::fprintf(stderr, "%s: from element %s: %s\n", is_error ? "ERROR" : "WARNING",
               path_of(GST_MESSAGE_SRC(message)).c_str(), error->message);
  if (debug) std::fprintf(stderr, "Additional debug info:\n%s\n", debug);
  g_error_free(error);
  g_free(debug);
}

void on_state_changed(Run& run, GstMessage* message) {
  GstState old_state, new_state, pending;
  gst_message_parse_state_changed(message, &old_state, &new_state, &pending);
  bool is_pipeline = GST_MESSAGE_SRC(message) == GST_OBJECT(run.pipeline);
  if (!is_pipeline && !run.options.verbose) return;
  std::printf("%s: %s -> %s\n", path_of(GST_MESSAGE_SRC(message)).c_str(),
              gst_element_state_get_name(old_state), gst_element_state_get_name(new_state));
  if (is_pipeline) {
    std::string label = std::string(gst_element_state_get_name(old_state)) + "_" +
                        gst_element_state_get_name(new_state);
    write_dot(run, label.c_str());
  }
}

void play(Run& run) {
  std::printf("Setting pipeline to PLAYING ...\n");
  if (gst_element_set_state(run.pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    std::fprintf(stderr, "ERROR: pipeline refused to go to PLAYING.\n");
    run.status = 1;
  }
}

void on_property_notify(GstMessage* message) {
  GstObject* object = nullptr;
  const gchar* name = nullptr;
  const GValue* value = nullptr;
  gst_message_parse_property_notify(message, &object, &name, &value);
  GCharPtr text(value ? gst_value_serialize(value) : nullptr);
  std::printf("%s: %s = %s\n", path_of(object).c_str(), name, text ? text.get() : "(none)");
}

gboolean on_bus_message(GstBus*, GstMessage* message, gpointer data) {
  auto& run = *static_cast<Run*>(data);
  switch (GST_MESSAGE_TYPE(message)) {
    case GST_MESSAGE_ERROR:
      print_problem(message);
      write_dot(run, "error");
      run.status = 1;
      g_main_loop_quit(run.loop.get());
      break;
    case GST_MESSAGE_WARNING:
      print_problem(message);
      break;
    case GST_MESSAGE_EOS:
      std::printf("Got EOS from element \"%s\".\n", path_of(GST_MESSAGE_SRC(message)).c_str());
      g_main_loop_quit(run.loop.get());
      break;
    case GST_MESSAGE_STATE_CHANGED:
      on_state_changed(run, message);
      break;
    case GST_MESSAGE_ASYNC_DONE:
      if (!run.prerolled) {
        run.prerolled = true;
        std::printf("Pipeline is PREROLLED ...\n");
        play(run);
        if (run.status) g_main_loop_quit(run.loop.get());
      }
      break;
    case GST_MESSAGE_PROPERTY_NOTIFY:
      on_property_notify(message);
      break;
    case GST_MESSAGE_ELEMENT:
      if (run.options.messages) {
        GCharPtr text(gst_structure_to_string(gst_message_get_structure(message)));
        std::printf("Message from %s: %s\n", path_of(GST_MESSAGE_SRC(message)).c_str(), text.get());
      }
      break;
    default:
      break;
  }
  std::fflush(stdout);
  return G_SOURCE_CONTINUE;
}

gboolean on_signal(gpointer data) {
  auto& run = *static_cast<Run*>(data);
  if (run.interrupted) {
    std::printf("Interrupted again: stopping without EOS.\n");
    run.status = 2;
    g_main_loop_quit(run.loop.get());
    return G_SOURCE_CONTINUE;
  }
  run.interrupted = true;
  // EOS first, so muxers and encoders finish the files they write.
  std::printf("Interrupt: sending EOS ...\n");
  std::fflush(stdout);
  gst_element_send_event(run.pipeline, gst_event_new_eos());
  return G_SOURCE_CONTINUE;
}

}  // namespace

int run_pipeline(GstElement* pipeline, const RunOptions& options) {
  Run run{pipeline, options};
  GstObjectPtr<GstBus> bus(gst_element_get_bus(pipeline));
  guint watch = gst_bus_add_watch(bus.get(), on_bus_message, &run);
  guint sigint = g_unix_signal_add(SIGINT, on_signal, &run);
  guint sigterm = g_unix_signal_add(SIGTERM, on_signal, &run);
  gulong notify =
      options.verbose ? gst_element_add_property_deep_notify_watch(pipeline, nullptr, TRUE) : 0;

  run.started = g_get_monotonic_time();
  std::printf("Setting pipeline to PAUSED ...\n");
  switch (gst_element_set_state(pipeline, GST_STATE_PAUSED)) {
    case GST_STATE_CHANGE_FAILURE:
      std::fprintf(stderr, "ERROR: pipeline does not want to pause.\n");
      run.status = 1;
      break;
    case GST_STATE_CHANGE_NO_PREROLL:
      std::printf("Pipeline is live and does not need PREROLL ...\n");
      run.prerolled = true;
      play(run);
      break;
    case GST_STATE_CHANGE_ASYNC:
      std::printf("Pipeline is PREROLLING ...\n");
      break;
    default:
      run.prerolled = true;
      play(run);
      break;
  }
  std::fflush(stdout);
  if (run.status) {
    // A refused state change has left its reason on the bus; the first error is the cause.
    if (GstMessagePtr m{gst_bus_pop_filtered(bus.get(), GST_MESSAGE_ERROR)}) print_problem(m.get());
  } else {
    g_main_loop_run(run.loop.get());
  }
  gint64 elapsed = g_get_monotonic_time() - run.started;
  std::printf("Execution ended after %" GST_TIME_FORMAT "\n",
              GST_TIME_ARGS(static_cast<GstClockTime>(elapsed) * 1000));
  std::printf("Setting pipeline to NULL ...\n");
  gst_element_set_state(pipeline, GST_STATE_NULL);
  if (notify) gst_element_remove_property_notify_watch(pipeline, notify);
  g_source_remove(sigterm);
  g_source_remove(sigint);
  g_source_remove(watch);
  std::fflush(stdout);
  return run.status;
}

}  // namespace lava::pipelines
