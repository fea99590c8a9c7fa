#include "pad_link.h"

#include <cstring>
#include <mutex>

#include "gobject_ptr.h"

namespace lava::pipelines {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// `name` is the template's own name ("src_%u") or a pad it would create ("src_3").
bool template_matches(GstPadTemplate* templ, const std::string& name) {
  std::string_view t = GST_PAD_TEMPLATE_NAME_TEMPLATE(templ);
  if (name == t) return true;
  auto pct = t.find('%');
  if (pct == std::string_view::npos || pct + 2 > t.size()) return false;
  std::string_view prefix = t.substr(0, pct), suffix = t.substr(pct + 2);
  std::string_view n = name;
  if (n.size() <= prefix.size() + suffix.size() || !n.starts_with(prefix) || !n.ends_with(suffix))
    return false;
  std::string_view middle = n.substr(prefix.size(), n.size() - prefix.size() - suffix.size());
  return t[pct + 1] == 's' || all_digits(middle);
}

GstPadTemplate* find_template(GstElement* e, GstPadDirection dir, const std::string& name) {
  for (GList* l = gst_element_class_get_pad_template_list(GST_ELEMENT_GET_CLASS(e)); l;
       l = l->next) {
    auto* templ = static_cast<GstPadTemplate*>(l->data);
    if (GST_PAD_TEMPLATE_DIRECTION(templ) != dir) continue;
    if (name.empty() || template_matches(templ, name)) return templ;
  }
  return nullptr;
}

GstPadTemplate* template_with(GstElement* e, GstPadDirection dir, GstPadPresence presence) {
  for (GList* l = gst_element_class_get_pad_template_list(GST_ELEMENT_GET_CLASS(e)); l;
       l = l->next) {
    auto* templ = static_cast<GstPadTemplate*>(l->data);
    if (GST_PAD_TEMPLATE_DIRECTION(templ) == dir && GST_PAD_TEMPLATE_PRESENCE(templ) == presence)
      return templ;
  }
  return nullptr;
}

std::string pad_names(GstElement* e, GstPadDirection dir) {
  std::string names;
  for (GList* l = gst_element_class_get_pad_template_list(GST_ELEMENT_GET_CLASS(e)); l;
       l = l->next) {
    auto* templ = static_cast<GstPadTemplate*>(l->data);
    if (GST_PAD_TEMPLATE_DIRECTION(templ) == dir)
      names += (names.empty() ? "" : ", ") + std::string(GST_PAD_TEMPLATE_NAME_TEMPLATE(templ));
  }
  return names.empty() ? "none" : names;
}

std::string element_name(GstElement* e) {
  GCharPtr name(gst_element_get_name(e));
  return std::string("'") + name.get() + "'";
}

GstObjectPtr<GstPad> request(GstElement* e, GstPadTemplate* templ, const std::string& name) {
  bool is_template_name = name.empty() || name == GST_PAD_TEMPLATE_NAME_TEMPLATE(templ);
  return GstObjectPtr<GstPad>(
      gst_element_request_pad(e, templ, is_template_name ? nullptr : name.c_str(), nullptr));
}

GstObjectPtr<GstPad> first_free_src_pad(GstElement* e) {
  GstObjectPtr<GstPad> found;
  GST_OBJECT_LOCK(e);
  for (GList* l = e->srcpads; l && !found; l = l->next)
    if (!gst_pad_is_linked(GST_PAD(l->data))) found.reset(GST_PAD(gst_object_ref(l->data)));
  GST_OBJECT_UNLOCK(e);
  return found;
}

// The source pad to link from, or nullptr: *later when it is a sometimes pad yet to appear,
// otherwise the reason in *why.
GstObjectPtr<GstPad> source_pad(GstElement* e, const std::string& name, bool* later,
                                std::string* why) {
  *later = false;
  if (!name.empty()) {
    if (GstObjectPtr<GstPad> pad{gst_element_get_static_pad(e, name.c_str())}) return pad;
  } else if (auto pad = first_free_src_pad(e)) {
    return pad;
  }
  GstPadTemplate* templ = name.empty() ? template_with(e, GST_PAD_SRC, GST_PAD_REQUEST)
                                       : find_template(e, GST_PAD_SRC, name);
  if (templ && GST_PAD_TEMPLATE_PRESENCE(templ) == GST_PAD_REQUEST) {
    if (auto pad = request(e, templ, name)) return pad;
  }
  if (!templ && name.empty()) templ = template_with(e, GST_PAD_SRC, GST_PAD_SOMETIMES);
  if (templ && GST_PAD_TEMPLATE_PRESENCE(templ) == GST_PAD_SOMETIMES) {
    *later = true;
    return nullptr;
  }
  *why = element_name(e) +
         (name.empty() ? " has no free output pad" : " has no output pad '" + name + "'") +
         " (output pads: " + pad_names(e, GST_PAD_SRC) + ")";
  return nullptr;
}

GstObjectPtr<GstPad> sink_pad(GstElement* e, const std::string& name, GstPad* src,
                              std::string* why) {
  if (name.empty()) {
    GstObjectPtr<GstPad> pad(gst_element_get_compatible_pad(e, src, nullptr));
    if (!pad) {
      GstCapsPtr caps(gst_pad_query_caps(src, nullptr));
      GCharPtr text(gst_caps_to_string(caps.get()));
      *why = "no free input pad of " + element_name(e) + " accepts " + text.get();
    }
    return pad;
  }
  if (GstObjectPtr<GstPad> pad{gst_element_get_static_pad(e, name.c_str())}) return pad;
  GstPadTemplate* templ = find_template(e, GST_PAD_SINK, name);
  if (templ && GST_PAD_TEMPLATE_PRESENCE(templ) == GST_PAD_REQUEST)
    if (auto pad = request(e, templ, name)) return pad;
  *why = element_name(e) + " has no input pad '" + name +
         "' (input pads: " + pad_names(e, GST_PAD_SINK) + ")";
  return nullptr;
}

bool is_request_pad(GstPad* pad) {
  GstObjectPtr<GstPadTemplate> templ(gst_pad_get_pad_template(pad));
  return templ && GST_PAD_TEMPLATE_PRESENCE(templ.get()) == GST_PAD_REQUEST;
}

// Links src to the right pad of dst; on failure returns false with the reason in *why and gives
// back any request pad it took.
bool link_pad(GstPad* src, GstElement* dst, const std::string& dst_name, std::string* why) {
  auto sink = sink_pad(dst, dst_name, src, why);
  if (!sink) return false;
  GstPadLinkReturn ret = gst_pad_link(src, sink.get());
  if (GST_PAD_LINK_SUCCESSFUL(ret)) return true;
  if (ret == GST_PAD_LINK_NOFORMAT) {
    GstCapsPtr a(gst_pad_query_caps(src, nullptr)), b(gst_pad_query_caps(sink.get(), nullptr));
    GCharPtr at(gst_caps_to_string(a.get())), bt(gst_caps_to_string(b.get()));
    *why =
        std::string("no common format: output can be ") + at.get() + "; input accepts " + bt.get();
  } else {
    *why = std::string("link refused (") + gst_pad_link_get_name(ret) + ")";
  }
  if (is_request_pad(sink.get())) gst_element_release_request_pad(dst, sink.get());
  return false;
}

struct DeferredLink {
  GstObjectPtr<GstElement> dst;
  std::string src_pad;
  std::string dst_pad;
  std::string where;
  std::mutex mutex;
  // The source pad it linked. A bin that goes back to READY removes its pads (decodebin,
  // urisourcebin), and the next stream's pad must link again.
  GstObjectPtr<GstPad> linked;

  bool is_linked() const { return linked && gst_pad_is_linked(linked.get()); }
};

void post_error(GstElement* src, const std::string& text, const std::string& where) {
  GError* error = g_error_new_literal(GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION, text.c_str());
  gst_element_post_message(src, gst_message_new_error(GST_OBJECT(src), error, where.c_str()));
  g_error_free(error);
}

void on_pad_added(GstElement* src, GstPad* pad, gpointer data) {
  auto* link = static_cast<DeferredLink*>(data);
  if (GST_PAD_DIRECTION(pad) != GST_PAD_SRC) return;
  std::lock_guard lock(link->mutex);
  if (link->is_linked()) return;
  if (!link->src_pad.empty()) {
    GstObjectPtr<GstPadTemplate> templ(gst_pad_get_pad_template(pad));
    GCharPtr name(gst_pad_get_name(pad));
    if (link->src_pad != name.get() && !(templ && template_matches(templ.get(), link->src_pad)))
      return;
  }
  std::string why;
  const bool linked = link_pad(pad, link->dst.get(), link->dst_pad, &why);
  if (linked) link->linked.reset(GST_PAD(gst_object_ref(pad)));
  // An unnamed link waits for a pad that fits (decodebin may offer video first); a named pad
  // that does not link is the file's mistake.
  if (!linked && !link->src_pad.empty()) post_error(src, why, link->where);
}

void on_no_more_pads(GstElement* src, gpointer data) {
  auto* link = static_cast<DeferredLink*>(data);
  std::lock_guard lock(link->mutex);
  if (link->is_linked()) return;
  post_error(src,
             "no output pad of " + element_name(src) + " could be linked to " +
                 element_name(link->dst.get()),
             link->where);
}

void free_deferred(gpointer data, GClosure*) {
  delete static_cast<DeferredLink*>(data);
}

}  // namespace

bool link_elements(const PadLinkRequest& r, const std::string& where, Diagnostics& diag) {
  bool later = false;
  std::string why;
  auto src = source_pad(r.src, r.src_pad, &later, &why);
  if (later) {
    GstObjectPtr<GstPad> named_sink(
        r.dst_pad.empty() ? nullptr : gst_element_get_static_pad(r.dst, r.dst_pad.c_str()));
    if (!r.dst_pad.empty() && !named_sink && !find_template(r.dst, GST_PAD_SINK, r.dst_pad))
      return diag.fail(r.mark, "cannot link: " + element_name(r.dst) + " has no input pad '" +
                                   r.dst_pad + "' (input pads: " + pad_names(r.dst, GST_PAD_SINK) +
                                   ")");
    auto* link = new DeferredLink{GstObjectPtr<GstElement>(GST_ELEMENT(gst_object_ref(r.dst))),
                                  r.src_pad,
                                  r.dst_pad,
                                  where,
                                  {},
                                  {}};
    // Both handlers go when the source element is finalized; the pad-added one owns `link`.
    g_signal_connect_data(r.src, "pad-added", G_CALLBACK(on_pad_added), link, free_deferred,
                          static_cast<GConnectFlags>(0));
    g_signal_connect(r.src, "no-more-pads", G_CALLBACK(on_no_more_pads), link);
    return true;
  }
  if (!src) return diag.fail(r.src_mark, "cannot link: " + why);
  if (!link_pad(src.get(), r.dst, r.dst_pad, &why)) {
    if (is_request_pad(src.get())) gst_element_release_request_pad(r.src, src.get());
    return diag.fail(
        r.mark, "cannot link " + element_name(r.src) + " to " + element_name(r.dst) + ": " + why);
  }
  return true;
}

}  // namespace lava::pipelines
