#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "dave/bytes.h"
#include "dave/key_schedule.h"
#include "dave/tls_codec.h"

namespace {

// Nested MLS vectors as a peer's message would carry them: every length is attacker-chosen.
void walk(lava::dave::TlsReader r, int depth) {
  while (r.ok() && r.remaining() > 0 && depth < 8) {
    if (r.presence())
      walk(r.vector(), depth + 1);
    else
      r.varint();
  }
}

}  // namespace

// The GroupContext decoder must accept only the canonical encoding (minimal varints), so a
// decoded context re-encodes to exactly the bytes it was read from.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const lava::dave::ByteView input(data, size);
  lava::dave::TlsReader r(input);
  const lava::dave::GroupContext context = lava::dave::read_group_context(r);
  if (r.ok() && !lava::dave::equal(context.encode(), input.first(r.position()))) std::abort();
  walk(lava::dave::TlsReader(input), 0);
  return 0;
}
