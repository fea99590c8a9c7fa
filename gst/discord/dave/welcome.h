// Welcome, GroupInfo and GroupSecrets (RFC 9420 §12.4.3) and their encryption.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "bytes.h"
#include "key_schedule.h"
#include "mls_structs.h"

namespace lava::dave {

struct GroupInfo {
  GroupContext context;
  std::vector<Extension> extensions;
  Bytes confirmation_tag;
  std::uint32_t signer = 0;
  Bytes signature;

  Bytes to_be_signed() const;
  Bytes encode() const;
  static Result<GroupInfo> parse(ByteView data);
  void sign(const P256KeyPair& key);
  bool verify(ByteView signer_public_key) const;
};

struct GroupSecrets {
  Bytes joiner_secret;
  std::optional<Bytes> path_secret;
  Bytes encode() const;
  // PSKs are not part of DAVE: a GroupSecrets naming any fails to parse.
  static Result<GroupSecrets> parse(ByteView data);
};

struct EncryptedGroupSecrets {
  Bytes new_member;  // KeyPackageRef
  Bytes kem_output;
  Bytes ciphertext;
};

struct Welcome {
  std::uint16_t cipher_suite = kCipherSuite;
  std::vector<EncryptedGroupSecrets> secrets;
  Bytes encrypted_group_info;

  void encode(TlsWriter& w) const;
  Bytes encode() const;
  static Welcome read(TlsReader& r);
  // A bare Welcome (DAVE ops 28/30 carry it without MLSMessage framing).
  static Result<Welcome> parse(ByteView data);
  // MLSMessage(Welcome), as in the RFC test vectors.
  static Result<Welcome> parse_message(ByteView data);
};

// Encrypts `info` for each (KeyPackage, GroupSecrets) pair.
Welcome seal_welcome(const GroupInfo& info, ByteView welcome_secret,
                     const std::vector<std::pair<const KeyPackage*, GroupSecrets>>& joiners);

struct OpenedWelcome {
  GroupSecrets secrets;
  GroupInfo info;
};
// Finds the entry for `key_package`, decrypts its secrets with `init_private_key`, then the
// GroupInfo. The GroupInfo signature is not checked here (that needs the tree).
Result<OpenedWelcome> open_welcome(const Welcome& welcome, const KeyPackage& key_package,
                                   ByteView init_private_key);

}  // namespace lava::dave
