#include "pipeline.h"

namespace lava::server::player {

namespace {

// Links each new audio pad of uridecodebin to the converter; a second audio stream is ignored.
void on_pad_added(GstElement*, GstPad* pad, gpointer convert) {
  GstCapsPtr caps(gst_pad_get_current_caps(pad));
  if (!caps) caps.reset(gst_pad_query_caps(pad, nullptr));
  const GstStructure* s = caps ? gst_caps_get_structure(caps.get(), 0) : nullptr;
  if (!s || !g_str_has_prefix(gst_structure_get_name(s), "audio/")) return;
  GstObjectPtr<GstPad> sinkpad(gst_element_get_static_pad(GST_ELEMENT(convert), "sink"));
  if (!gst_pad_is_linked(sinkpad.get())) gst_pad_link(pad, sinkpad.get());
}

}  // namespace

PlayerPipeline build_player_pipeline() {
  PlayerPipeline p;
  GstElement* pipeline = gst_pipeline_new(nullptr);
  GstElement* decode = gst_element_factory_make("uridecodebin", nullptr);
  GstElement* convert = gst_element_factory_make("audioconvert", nullptr);
  GstElement* resample = gst_element_factory_make("audioresample", nullptr);
  GstElement* caps = gst_element_factory_make("capsfilter", nullptr);
  GstElement* volume = gst_element_factory_make("volume", nullptr);
  GstElement* convert_out = gst_element_factory_make("audioconvert", nullptr);
  GstElement* encode = gst_element_factory_make("opusenc", nullptr);
  GstElement* sink = gst_element_factory_make("discordvoicesink", nullptr);
  GstElement* all[] = {decode, convert, resample, caps, volume, convert_out, encode, sink};
  bool complete = pipeline != nullptr;
  for (GstElement* e : all) complete = complete && e;
  if (!complete) {
    for (GstElement* e : all)
      if (e) gst_object_unref(gst_object_ref_sink(e));
    if (pipeline) gst_object_unref(pipeline);
    return p;
  }
  p.pipeline = adopt_gst(pipeline);
  gst_bin_add_many(GST_BIN(pipeline), decode, convert, resample, caps, volume, convert_out, encode,
                   sink, nullptr);
  GstCapsPtr format(gst_caps_from_string("audio/x-raw,rate=48000,channels=2"));
  g_object_set(caps, "caps", format.get(), nullptr);
  g_object_set(encode, "frame-size", 20, "bitrate", 128000, nullptr);
  gst_element_link_many(convert, resample, caps, volume, convert_out, encode, sink, nullptr);
  g_signal_connect(decode, "pad-added", G_CALLBACK(on_pad_added), convert);
  p.decode = decode;
  p.volume = volume;
  p.sink = sink;
  return p;
}

}  // namespace lava::server::player
