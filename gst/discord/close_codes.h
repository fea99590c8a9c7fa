// What a voice gateway close code means for the connection (Discord's voice close codes, with
// @discordjs/voice's rule that 4015 and every code below 4000 can be resumed).
#pragma once

namespace lava::discord {

enum class CloseAction { kResume, kReidentify, kGiveUp };

constexpr CloseAction close_action(int code) {
  if (code == 4015 || code < 4000) return CloseAction::kResume;
  if (code == 4006 || code == 4009) return CloseAction::kReidentify;
  return CloseAction::kGiveUp;
}

}  // namespace lava::discord
