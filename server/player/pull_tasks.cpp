#include "pull_tasks.h"

#include "gobject_ptr.h"

namespace lava::server::player {

namespace {

gboolean pulled_through(GstElement*, GstPad* pad, gpointer all_pulled) {
  if (GST_PAD_MODE(pad) != GST_PAD_MODE_PULL) *static_cast<bool*>(all_pulled) = false;
  return TRUE;
}

// A sink pad whose task is paused while the element's own outputs are being pulled: the task
// can never push again until the pad is reactivated, which starts a new one.
bool idle_pull_task(GstElement* element, GstPad* sink) {
  if (GST_PAD_MODE(sink) != GST_PAD_MODE_PULL || gst_pad_get_task_state(sink) != GST_TASK_PAUSED)
    return false;
  bool all_pulled = element->numsrcpads > 0;
  gst_element_foreach_src_pad(element, pulled_through, &all_pulled);
  return all_pulled;
}

}  // namespace

int stop_idle_pull_tasks(GstBin* bin) {
  int stopped = 0;
  GstIterator* it = gst_bin_iterate_recurse(bin);
  GValue item = G_VALUE_INIT;
  for (bool done = false; !done;) {
    switch (gst_iterator_next(it, &item)) {
      case GST_ITERATOR_OK: {
        auto* element = GST_ELEMENT(g_value_get_object(&item));
        GstIterator* pads = gst_element_iterate_sink_pads(element);
        GValue pad_item = G_VALUE_INIT;
        while (gst_iterator_next(pads, &pad_item) == GST_ITERATOR_OK) {
          auto* pad = GST_PAD(g_value_get_object(&pad_item));
          if (idle_pull_task(element, pad) && gst_pad_stop_task(pad)) ++stopped;
          g_value_reset(&pad_item);
        }
        g_value_unset(&pad_item);
        gst_iterator_free(pads);
        g_value_reset(&item);
        break;
      }
      case GST_ITERATOR_RESYNC:
        gst_iterator_resync(it);
        break;
      default:
        done = true;
    }
  }
  g_value_unset(&item);
  gst_iterator_free(it);
  return stopped;
}

}  // namespace lava::server::player
