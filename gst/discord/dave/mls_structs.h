// MLS leaf-level structures (RFC 9420 §5.3, §7.2, §10, §12.1.8.1) restricted to what a DAVE member
// meets: basic credentials, ciphersuite 2, key-package/commit leaf nodes, external senders.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "bytes.h"
#include "p256.h"
#include "tls_codec.h"

namespace lava::dave {

inline constexpr std::uint16_t kProtocolVersionMls10 = 1;
inline constexpr std::uint16_t kCipherSuite = 2;
inline constexpr std::uint16_t kCredentialBasic = 1;
inline constexpr std::uint16_t kExtensionRatchetTree = 2;
inline constexpr std::uint16_t kExtensionExternalSenders = 5;

// A basic credential; any other credential type fails the reader (DAVE allows basic only).
struct Credential {
  Bytes identity;
  void encode(TlsWriter& w) const;
  static Credential read(TlsReader& r);
  bool operator==(const Credential&) const = default;
};

// DAVE identities: the 64-bit snowflake as 8 big-endian bytes.
Bytes user_id_identity(std::uint64_t user_id);
std::optional<std::uint64_t> identity_user_id(ByteView identity);

struct Extension {
  std::uint16_t type = 0;
  Bytes data;
  bool operator==(const Extension&) const = default;
};
void encode_extensions(TlsWriter& w, const std::vector<Extension>& list);
std::vector<Extension> read_extensions(TlsReader& r);
const Extension* find_extension(const std::vector<Extension>& list, std::uint16_t type);

struct Capabilities {
  std::vector<std::uint16_t> versions{kProtocolVersionMls10};
  std::vector<std::uint16_t> cipher_suites{kCipherSuite};
  std::vector<std::uint16_t> extensions;
  std::vector<std::uint16_t> proposals;
  std::vector<std::uint16_t> credentials{kCredentialBasic};
  void encode(TlsWriter& w) const;
  static Capabilities read(TlsReader& r);
  bool operator==(const Capabilities&) const = default;
};

enum class LeafNodeSource : std::uint8_t { key_package = 1, update = 2, commit = 3 };

struct LeafNode {
  Bytes encryption_key;
  Bytes signature_key;
  Credential credential;
  Capabilities capabilities;
  LeafNodeSource source = LeafNodeSource::key_package;
  std::uint64_t not_before = 0;  // key_package source only
  std::uint64_t not_after = ~0ull;
  Bytes parent_hash;  // commit source only
  std::vector<Extension> extensions;
  Bytes signature;

  void encode(TlsWriter& w) const;
  static LeafNode read(TlsReader& r);
  // LeafNodeTBS; group_id and leaf_index only count for update/commit sources.
  Bytes to_be_signed(ByteView group_id, std::uint32_t leaf_index) const;
  void sign(const P256KeyPair& key, ByteView group_id, std::uint32_t leaf_index);
  bool verify(ByteView group_id, std::uint32_t leaf_index) const;
  bool operator==(const LeafNode&) const = default;
};

struct KeyPackage {
  std::uint16_t version = kProtocolVersionMls10;
  std::uint16_t cipher_suite = kCipherSuite;
  Bytes init_key;
  LeafNode leaf_node;
  std::vector<Extension> extensions;
  Bytes signature;

  void encode(TlsWriter& w) const;
  Bytes encode() const;
  static KeyPackage read(TlsReader& r);
  Bytes to_be_signed() const;
  void sign(const P256KeyPair& key);
  // Signature, suite and version, init key distinct from the leaf key, leaf signature.
  bool verify() const;
  Bytes ref() const;
};

// One entry of the external_senders group extension; DAVE's gateway is the only one (op 25).
struct ExternalSender {
  Bytes signature_key;
  Credential credential;
  void encode(TlsWriter& w) const;
  static ExternalSender read(TlsReader& r);
  bool operator==(const ExternalSender&) const = default;
};
Extension external_senders_extension(const std::vector<ExternalSender>& senders);
std::vector<ExternalSender> read_external_senders(ByteView extension_data, bool& ok);

}  // namespace lava::dave
