// The MLS key schedule (RFC 9420 §8) and the GroupContext it binds (§8.1).
#pragma once

#include <cstdint>
#include <string_view>

#include "bytes.h"

namespace lava::dave {

struct GroupContext {
  std::uint16_t version = 1;       // mls10
  std::uint16_t cipher_suite = 2;  // MLS_128_DHKEMP256_AES128GCM_SHA256_P256
  Bytes group_id;
  std::uint64_t epoch = 0;
  Bytes tree_hash;
  Bytes confirmed_transcript_hash;
  Bytes extensions;  // the serialised Extension extensions<V> body (without its length)

  Bytes encode() const;
};

class TlsReader;
GroupContext read_group_context(TlsReader& r);

struct EpochSecrets {
  Bytes joiner_secret;
  Bytes welcome_secret;
  Bytes epoch_secret;
  Bytes sender_data_secret;
  Bytes encryption_secret;
  Bytes exporter_secret;
  Bytes epoch_authenticator;
  Bytes external_secret;
  Bytes confirmation_key;
  Bytes membership_key;
  Bytes resumption_psk;
  Bytes init_secret;  // init_secret_[n], feeds the next epoch

  // From the previous epoch's init secret and this epoch's commit secret.
  static EpochSecrets from_init(ByteView init_secret, ByteView commit_secret,
                                const GroupContext& context, ByteView psk_secret = {});
  // For a joiner, who learns only the joiner secret from the Welcome.
  static EpochSecrets from_joiner(ByteView joiner_secret, const GroupContext& context,
                                  ByteView psk_secret = {});

  // MLS-Exporter(label, context, length) (§8.5).
  Bytes export_secret(std::string_view label, ByteView context, std::size_t length) const;
};

// Key and nonce that protect the GroupInfo inside a Welcome (§12.4.3.1).
struct WelcomeKey {
  Bytes key;
  Bytes nonce;
};
WelcomeKey welcome_key(ByteView welcome_secret);
// welcome_secret from a joiner secret, before the GroupContext is known.
Bytes welcome_secret_from_joiner(ByteView joiner_secret, ByteView psk_secret = {});

}  // namespace lava::dave
