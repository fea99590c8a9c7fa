// Values from the RFC 9420 test vectors (mlswg/mls-implementations: tree-validation.json and
// transcript-hashes.json), ciphersuite 2 entries only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lava::dave::vectors {

struct TreeValidation {
  std::string tree;
  std::string group_id;
  std::vector<std::string> tree_hashes;
  std::vector<std::vector<std::uint32_t>> resolutions;
};

// The tree-validation entries, read once from tests/dave/vectors/tree-validation-suite2.txt
// (too long to keep readable as C++ constants). Empty if the file is missing or malformed.
const std::vector<TreeValidation>& tree_validation_vectors();

struct TranscriptVector {
  const char* confirmation_key;
  const char* authenticated_content;
  const char* interim_before;
  const char* confirmed_after;
  const char* interim_after;
};
inline const TranscriptVector kTranscript{
    "6999e1655b7f4bdda3cf2991965d889a331b487526a9c99c19d1060e4d677996",
    "00010567726f7570000000000000345601000000000003220220e740a6faf2db65f5853148d75d9a335d7c4b94ab10"
    "6fe5f237bc34fdcfc74584004046304402206f5ac008efb1d7edc106a27b4f3b71aa34821ca679543fd8bde8d72851"
    "7b53bc0220223fb7226cc477e31ea25910d712fc915ce3df9f0399e0e7615babd593e2cdbb20fc804973ae28d04b9f"
    "3b71930414e29aa508f0711df720519f230e43a534b714",
    "de0a78a0008b6c5c921c910d68da44abe0e692e1eea7e9f8226219ca34560f0d",
    "e50ae43acf8ba84f712d8f48fa6ccd4768e48fad9c95feaf3061c54fe87a2779",
    "87829eecb1aadfa10cbe2630fcc7ae9769d7fb2520f27b44ef76341c43ad834b"};

}  // namespace lava::dave::vectors
