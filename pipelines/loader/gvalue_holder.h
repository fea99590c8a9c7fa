// Scoped owners for a GValue and a referenced type class.
#pragma once

#include <glib-object.h>

namespace lava::pipelines {

struct GValueHolder {
  GValue v = G_VALUE_INIT;
  GValueHolder() = default;
  GValueHolder(const GValueHolder&) = delete;
  GValueHolder& operator=(const GValueHolder&) = delete;
  ~GValueHolder() {
    if (G_IS_VALUE(&v)) g_value_unset(&v);
  }
};

class TypeClassHolder {
 public:
  explicit TypeClassHolder(GType type) : klass_(g_type_class_ref(type)) {}
  TypeClassHolder(const TypeClassHolder&) = delete;
  TypeClassHolder& operator=(const TypeClassHolder&) = delete;
  ~TypeClassHolder() { g_type_class_unref(klass_); }
  gpointer get() const { return klass_; }

 private:
  gpointer klass_;
};

}  // namespace lava::pipelines
