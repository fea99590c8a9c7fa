#include "property_value.h"

#include <cmath>
#include <limits>
#include <sstream>

#include "gvalue_holder.h"
#include "scalars.h"

namespace lava::pipelines {

namespace {

struct Target {
  GType type;
  GParamSpec* pspec;  // for range checks and array element specs; may be nullptr
  const std::string& owner;
  Diagnostics& diag;

  bool fail(const YamlNode& at, const std::string& what) const {
    return diag.fail(at.mark, owner + ": " + what);
  }
};

bool convert(const Target& t, const YamlNode& v, GValue* out);

std::string shown(const YamlNode& v) {
  if (v.is_sequence()) return "a list";
  if (v.is_mapping()) return "a mapping";
  return "'" + v.scalar + "'";
}

bool need_scalar(const Target& t, const YamlNode& v, const char* what) {
  if (v.is_scalar() && !v.is_null()) return true;
  return t.fail(v, std::string("expected ") + what + ", got " + (v.is_null() ? "null" : shown(v)));
}

template <typename T>
bool set_integer(const Target& t, const YamlNode& v, GValue* out, void (*setter)(GValue*, T)) {
  if (!need_scalar(t, v, "an integer")) return false;
  constexpr bool is_signed = std::numeric_limits<T>::is_signed;
  bool fits = false;
  T value{};
  if constexpr (is_signed) {
    if (auto n = parse_int64(v.scalar)) {
      fits = *n >= std::numeric_limits<T>::min() && *n <= std::numeric_limits<T>::max();
      value = static_cast<T>(*n);
    }
  } else if (auto n = parse_uint64(v.scalar)) {
    fits = *n <= std::numeric_limits<T>::max();
    value = static_cast<T>(*n);
  } else if (parse_int64(v.scalar)) {
    return t.fail(v, v.scalar + " is out of range (must not be negative)");
  }
  if (!fits && (parse_int64(v.scalar) || parse_uint64(v.scalar)))
    return t.fail(v, v.scalar + " is out of range for " + g_type_name(t.type));
  if (!fits) return t.fail(v, shown(v) + " is not an integer");
  g_value_init(out, t.type);
  setter(out, value);
  return true;
}

bool set_floating(const Target& t, const YamlNode& v, GValue* out) {
  if (!need_scalar(t, v, "a number")) return false;
  auto d = parse_double(v.scalar);
  if (!d || std::isinf(*d)) return t.fail(v, shown(v) + " is not a number");
  g_value_init(out, t.type);
  if (t.type == G_TYPE_FLOAT)
    g_value_set_float(out, static_cast<float>(*d));
  else
    g_value_set_double(out, *d);
  return true;
}

bool set_enum(const Target& t, const YamlNode& v, GValue* out) {
  if (!need_scalar(t, v, "an enum nick")) return false;
  TypeClassHolder klass(t.type);
  auto* enums = G_ENUM_CLASS(klass.get());
  const GEnumValue* e = g_enum_get_value_by_nick(enums, v.scalar.c_str());
  if (!e) e = g_enum_get_value_by_name(enums, v.scalar.c_str());
  if (auto n = parse_int64(v.scalar); !e && n) e = g_enum_get_value(enums, static_cast<gint>(*n));
  if (!e) {
    std::string nicks;
    for (guint i = 0; i < enums->n_values; ++i)
      nicks += std::string(i ? ", " : "") + enums->values[i].value_nick;
    return t.fail(v, shown(v) + " is not one of " + nicks);
  }
  g_value_init(out, t.type);
  g_value_set_enum(out, e->value);
  return true;
}

bool flag_bit(const Target& t, GFlagsClass* flags, const YamlNode& at, const std::string& word,
              guint* bits) {
  const GFlagsValue* f = g_flags_get_value_by_nick(flags, word.c_str());
  if (!f) f = g_flags_get_value_by_name(flags, word.c_str());
  if (f) {
    *bits |= f->value;
    return true;
  }
  if (auto n = parse_uint64(word); n && *n <= G_MAXUINT) {
    *bits |= static_cast<guint>(*n);
    return true;
  }
  std::string nicks;
  for (guint i = 0; i < flags->n_values; ++i)
    nicks += std::string(i ? ", " : "") + flags->values[i].value_nick;
  return t.fail(at, "'" + word + "' is not one of " + nicks);
}

bool set_flags(const Target& t, const YamlNode& v, GValue* out) {
  TypeClassHolder klass(t.type);
  auto* flags = G_FLAGS_CLASS(klass.get());
  guint bits = 0;
  if (v.is_sequence()) {
    for (const auto& item : v.items)
      if (!need_scalar(t, item, "a flag nick") || !flag_bit(t, flags, item, item.scalar, &bits))
        return false;
  } else if (v.is_null() || (v.is_scalar() && v.scalar.empty())) {
    bits = 0;
  } else {
    if (!need_scalar(t, v, "flags")) return false;
    GCharPtr copy(g_strdup(v.scalar.c_str()));
    gchar** words = g_strsplit_set(copy.get(), "+|", -1);
    bool ok = true;
    for (gchar** w = words; ok && *w; ++w) ok = flag_bit(t, flags, v, g_strstrip(*w), &bits);
    g_strfreev(words);
    if (!ok) return false;
  }
  g_value_init(out, t.type);
  g_value_set_flags(out, bits);
  return true;
}

bool set_fraction(const Target& t, const YamlNode& v, GValue* out) {
  std::optional<std::int64_t> num, den = 1;
  if (v.is_sequence() && v.items.size() == 2 && v.items[0].is_scalar() && v.items[1].is_scalar()) {
    num = parse_int64(v.items[0].scalar);
    den = parse_int64(v.items[1].scalar);
  } else if (v.is_scalar()) {
    auto slash = v.scalar.find('/');
    num = parse_int64(v.scalar.substr(0, slash));
    if (slash != std::string::npos) den = parse_int64(v.scalar.substr(slash + 1));
  }
  if (!num || !den || *den <= 0 || *num < G_MININT || *num > G_MAXINT || *den > G_MAXINT)
    return t.fail(v, shown(v) + " is not a fraction (write 30/1 or [30, 1])");
  g_value_init(out, t.type);
  gst_value_set_fraction(out, static_cast<gint>(*num), static_cast<gint>(*den));
  return true;
}

bool set_caps(const Target& t, const YamlNode& v, GValue* out) {
  if (!need_scalar(t, v, "caps")) return false;
  GstCapsPtr caps(gst_caps_from_string(v.scalar.c_str()));
  if (!caps) return t.fail(v, shown(v) + " are not valid caps");
  g_value_init(out, t.type);
  gst_value_set_caps(out, caps.get());
  return true;
}

bool set_structure(const Target& t, const YamlNode& v, GValue* out) {
  if (!need_scalar(t, v, "a structure")) return false;
  GstStructure* s = gst_structure_from_string(v.scalar.c_str(), nullptr);
  if (!s) return t.fail(v, shown(v) + " is not a valid structure");
  g_value_init(out, t.type);
  g_value_take_boxed(out, s);
  return true;
}

// An item of an array without an element spec: the YAML scalar's own type.
GType guess_type(const YamlNode& v) {
  if (v.plain && parse_int64(v.scalar)) return G_TYPE_INT;
  if (v.plain && parse_double(v.scalar)) return G_TYPE_DOUBLE;
  if (v.plain && parse_bool(v.scalar)) return G_TYPE_BOOLEAN;
  return G_TYPE_STRING;
}

bool set_array(const Target& t, const YamlNode& v, GValue* out, GParamSpec* element_spec) {
  if (!v.is_sequence()) return t.fail(v, "expected a list, got " + shown(v));
  g_value_init(out, t.type);
  for (const auto& item : v.items) {
    GType item_type = element_spec ? element_spec->value_type : guess_type(item);
    GValueHolder value;
    if (!convert({item_type, element_spec, t.owner, t.diag}, item, &value.v)) {
      g_value_unset(out);
      return false;
    }
    gst_value_array_append_and_take_value(out, &value.v);
    value.v = G_VALUE_INIT;
  }
  return true;
}

bool set_strv(const Target& t, const YamlNode& v, GValue* out) {
  std::vector<const YamlNode*> items;
  if (v.is_sequence())
    for (const auto& item : v.items) items.push_back(&item);
  else
    items.push_back(&v);
  GStrvBuilder* builder = g_strv_builder_new();
  for (const YamlNode* item : items) {
    if (!need_scalar(t, *item, "a string")) {
      g_strv_builder_unref(builder);
      return false;
    }
    g_strv_builder_add(builder, item->scalar.c_str());
  }
  g_value_init(out, G_TYPE_STRV);
  g_value_take_boxed(out, g_strv_builder_end(builder));
  g_strv_builder_unref(builder);
  return true;
}

bool set_element(const Target& t, const YamlNode& v, GValue* out) {
  std::string factory;
  YamlMark mark = v.mark;
  std::vector<PropertySpec> properties;
  if (v.is_mapping()) {
    const YamlNode* f = v.find("factory");
    if (!f || !f->is_scalar()) return t.fail(v, "an element value needs a factory");
    factory = f->scalar;
    mark = f->mark;
    if (const YamlNode* props = v.find("properties"); props && props->is_mapping())
      for (const auto& [key, value] : props->entries)
        properties.push_back({key.scalar, key.mark, value});
  } else {
    if (!need_scalar(t, v, "an element factory name")) return false;
    factory = v.scalar;
  }
  auto element = make_element(factory, mark, "", properties, t.diag);
  if (!element) return false;
  if (!g_type_is_a(G_OBJECT_TYPE(element.get()), t.type))
    return t.fail(v, factory + " is not a " + g_type_name(t.type));
  g_value_init(out, t.type);
  g_value_set_object(out, element.get());
  return true;
}

bool set_by_deserializing(const Target& t, const YamlNode& v, GValue* out) {
  if (!need_scalar(t, v, g_type_name(t.type))) return false;
  g_value_init(out, t.type);
  if (gst_value_deserialize(out, v.scalar.c_str())) return true;
  g_value_unset(out);
  return t.fail(v, shown(v) + " cannot be read as " + g_type_name(t.type));
}

bool convert_unchecked(const Target& t, const YamlNode& v, GValue* out) {
  GType type = t.type;
  if (type == GST_TYPE_CAPS) return set_caps(t, v, out);
  if (type == GST_TYPE_STRUCTURE) return set_structure(t, v, out);
  if (type == GST_TYPE_FRACTION) return set_fraction(t, v, out);
  if (type == G_TYPE_STRV) return set_strv(t, v, out);
  if (type == GST_TYPE_ARRAY) {
    GParamSpec* element_spec = nullptr;
    if (t.pspec && GST_IS_PARAM_SPEC_ARRAY_LIST(t.pspec))
      element_spec = GST_PARAM_SPEC_ARRAY_LIST(t.pspec)->element_spec;
    return set_array(t, v, out, element_spec);
  }
  if (g_type_is_a(type, GST_TYPE_ELEMENT)) return set_element(t, v, out);
  switch (G_TYPE_FUNDAMENTAL(type)) {
    case G_TYPE_BOOLEAN: {
      auto b = v.is_scalar() ? parse_bool(v.scalar) : std::nullopt;
      if (!b) return t.fail(v, "expected true or false, got " + shown(v));
      g_value_init(out, type);
      g_value_set_boolean(out, *b);
      return true;
    }
    case G_TYPE_INT:
      return set_integer<gint>(t, v, out, g_value_set_int);
    case G_TYPE_UINT:
      return set_integer<guint>(t, v, out, g_value_set_uint);
    case G_TYPE_LONG:
      return set_integer<glong>(t, v, out, g_value_set_long);
    case G_TYPE_ULONG:
      return set_integer<gulong>(t, v, out, g_value_set_ulong);
    case G_TYPE_INT64:
      return set_integer<gint64>(t, v, out, g_value_set_int64);
    case G_TYPE_UINT64:
      return set_integer<guint64>(t, v, out, g_value_set_uint64);
    case G_TYPE_CHAR:
      return set_integer<gint8>(t, v, out, g_value_set_schar);
    case G_TYPE_UCHAR:
      return set_integer<guchar>(t, v, out, g_value_set_uchar);
    case G_TYPE_FLOAT:
    case G_TYPE_DOUBLE:
      return set_floating(t, v, out);
    case G_TYPE_ENUM:
      return set_enum(t, v, out);
    case G_TYPE_FLAGS:
      return set_flags(t, v, out);
    case G_TYPE_STRING:
      if (!v.is_scalar()) return t.fail(v, "expected a string, got " + shown(v));
      g_value_init(out, type);
      g_value_set_string(out, v.is_null() ? nullptr : v.scalar.c_str());
      return true;
    default:
      return set_by_deserializing(t, v, out);
  }
}

std::string range_of(GParamSpec* p) {
  auto span = [](auto lo, auto hi) {
    std::ostringstream text;
    text << lo << " .. " << hi;
    return text.str();
  };
  if (G_IS_PARAM_SPEC_INT(p))
    return span(G_PARAM_SPEC_INT(p)->minimum, G_PARAM_SPEC_INT(p)->maximum);
  if (G_IS_PARAM_SPEC_UINT(p))
    return span(G_PARAM_SPEC_UINT(p)->minimum, G_PARAM_SPEC_UINT(p)->maximum);
  if (G_IS_PARAM_SPEC_INT64(p))
    return span(G_PARAM_SPEC_INT64(p)->minimum, G_PARAM_SPEC_INT64(p)->maximum);
  if (G_IS_PARAM_SPEC_UINT64(p))
    return span(G_PARAM_SPEC_UINT64(p)->minimum, G_PARAM_SPEC_UINT64(p)->maximum);
  if (G_IS_PARAM_SPEC_LONG(p))
    return span(G_PARAM_SPEC_LONG(p)->minimum, G_PARAM_SPEC_LONG(p)->maximum);
  if (G_IS_PARAM_SPEC_ULONG(p))
    return span(G_PARAM_SPEC_ULONG(p)->minimum, G_PARAM_SPEC_ULONG(p)->maximum);
  if (G_IS_PARAM_SPEC_FLOAT(p))
    return span(G_PARAM_SPEC_FLOAT(p)->minimum, G_PARAM_SPEC_FLOAT(p)->maximum);
  if (G_IS_PARAM_SPEC_DOUBLE(p))
    return span(G_PARAM_SPEC_DOUBLE(p)->minimum, G_PARAM_SPEC_DOUBLE(p)->maximum);
  return "the allowed values";
}

bool convert(const Target& t, const YamlNode& v, GValue* out) {
  if (!convert_unchecked(t, v, out)) return false;
  if (!t.pspec || G_VALUE_TYPE(out) != t.pspec->value_type) return true;
  // g_param_value_validate clamps in place and says whether it had to.
  GValueHolder probe;
  g_value_init(&probe.v, G_VALUE_TYPE(out));
  g_value_copy(out, &probe.v);
  if (!g_param_value_validate(t.pspec, &probe.v)) return true;
  g_value_unset(out);
  return t.fail(v, shown(v) + " is out of range for " + g_param_spec_get_name(t.pspec) + " (" +
                       range_of(t.pspec) + ")");
}

}  // namespace

bool property_to_gvalue(GParamSpec* pspec, const YamlNode& value, const std::string& owner,
                        GValue* out, Diagnostics& diag) {
  return convert({pspec->value_type, pspec, owner, diag}, value, out);
}

}  // namespace lava::pipelines
