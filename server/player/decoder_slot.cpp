#include "decoder_slot.h"

#include "gobject_ptr.h"

namespace lava::server::player {

namespace {

constexpr const char* kSlotKey = "lava-decoder-slot";

struct Slot {
  GstElement* pipeline = nullptr;  // not owned: the slot is the pipeline's
  GstElement* route = nullptr;
  GstObjectPtr<GstPad> next;
  GstElement* decoder = nullptr;  // set in the streaming thread, cleared in READY
};

// The highest-ranked audio decoder whose sink template holds `caps` whole (a template that only
// overlaps them, like avdec_mp1float's "audio/mpeg, layer=1" for MP3's layer=(int)3, refuses them).
GstElement* decoder_for(GstCaps* caps) {
  GList* all = gst_element_factory_list_get_elements(
      GST_ELEMENT_FACTORY_TYPE_DECODER | GST_ELEMENT_FACTORY_TYPE_MEDIA_AUDIO, GST_RANK_MARGINAL);
  GList* fitting = gst_element_factory_list_filter(all, caps, GST_PAD_SINK, TRUE);
  fitting = g_list_sort(fitting, gst_plugin_feature_rank_compare_func);
  GstElement* decoder =
      fitting ? gst_element_factory_create(GST_ELEMENT_FACTORY(fitting->data), nullptr) : nullptr;
  gst_plugin_feature_list_free(fitting);
  gst_plugin_feature_list_free(all);
  return decoder;
}

bool link_decoder(Slot* slot, GstCaps* caps) {
  GstObjectPtr<GstPad> out(gst_element_get_static_pad(slot->route, "transcode_src"));
  const GstStructure* s = gst_caps_get_structure(caps, 0);
  if (gst_structure_has_name(s, "audio/x-raw"))
    return gst_pad_link(out.get(), slot->next.get()) == GST_PAD_LINK_OK;
  GstElement* decoder = decoder_for(caps);
  if (!decoder) return false;
  gst_bin_add(GST_BIN(slot->pipeline), decoder);
  GstObjectPtr<GstPad> in(gst_element_get_static_pad(decoder, "sink"));
  GstObjectPtr<GstPad> decoded(gst_element_get_static_pad(decoder, "src"));
  slot->decoder = decoder;
  if (!in || !decoded || gst_pad_link(out.get(), in.get()) != GST_PAD_LINK_OK ||
      gst_pad_link(decoded.get(), slot->next.get()) != GST_PAD_LINK_OK)
    return false;
  gst_element_sync_state_with_parent(decoder);
  return true;
}

void on_parsed_pad(GstElement* parse, GstPad* pad, gpointer slot_ptr) {
  auto* slot = static_cast<Slot*>(slot_ptr);
  GstObjectPtr<GstPad> sink(gst_element_get_static_pad(slot->route, "sink"));
  if (gst_pad_is_linked(sink.get())) return;
  GstCaps* caps = gst_pad_get_current_caps(pad);
  if (!caps) caps = gst_pad_query_caps(pad, nullptr);
  const bool audio =
      gst_caps_get_size(caps) > 0 &&
      g_str_has_prefix(gst_structure_get_name(gst_caps_get_structure(caps, 0)), "audio/");
  if (audio && gst_pad_link(pad, sink.get()) == GST_PAD_LINK_OK && !link_decoder(slot, caps)) {
    GCharPtr text(gst_caps_to_string(caps));
    GST_ELEMENT_ERROR(parse, STREAM, CODEC_NOT_FOUND, ("No decoder for %s", text.get()), (nullptr));
  }
  gst_caps_unref(caps);
}

}  // namespace

void attach_decoder_slot(GstElement* pipeline, GstElement* parse, GstElement* route, GstPad* next) {
  auto* slot = new Slot{pipeline, route, GstObjectPtr<GstPad>(GST_PAD(gst_object_ref(next)))};
  g_object_set_data_full(G_OBJECT(pipeline), kSlotKey, slot,
                         [](gpointer s) { delete static_cast<Slot*>(s); });
  g_signal_connect(parse, "pad-added", G_CALLBACK(on_parsed_pad), slot);
}

void clear_decoder_slot(GstElement* pipeline) {
  auto* slot = static_cast<Slot*>(g_object_get_data(G_OBJECT(pipeline), kSlotKey));
  if (!slot) return;
  GstObjectPtr<GstPad> out(gst_element_get_static_pad(slot->route, "transcode_src"));
  GstObjectPtr<GstPad> peer(gst_pad_get_peer(out.get()));
  if (peer) gst_pad_unlink(out.get(), peer.get());
  if (slot->decoder) {
    gst_element_set_state(slot->decoder, GST_STATE_NULL);
    gst_bin_remove(GST_BIN(pipeline), slot->decoder);
    slot->decoder = nullptr;
  }
}

}  // namespace lava::server::player
