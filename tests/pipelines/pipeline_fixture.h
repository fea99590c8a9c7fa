// Helpers for the pipeline loader tests: temp files, test audio, and playing a pipeline to EOS.
#pragma once

#include <gst/gst.h>

#include <string>
#include <vector>

#include "gobject_ptr.h"
#include "loader.h"

namespace lava::test {

// A temporary directory removed (with its files) when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Writes `seconds` of a stereo 44.1 kHz sine (440 Hz) as Ogg/Vorbis to `path`.
void write_test_ogg(const std::string& path, double seconds);

// Plays `pipeline` until EOS or an error (20 s at most); returns "" on EOS, else the error text.
std::string play_to_eos(GstElement* pipeline);

// Loads `yaml` with `params`, asserting success; returns the result.
pipelines::LoadResult load_ok(const std::string& yaml,
                              const std::map<std::string, std::string>& params = {},
                              bool fusion = true);

// Loads `yaml` expecting failure; returns "line:column: message" (without the file name).
std::string load_error(const std::string& yaml,
                       const std::map<std::string, std::string>& params = {});

// Reads a whole file (empty when missing).
std::string read_file(const std::string& path);

// The payload of a WAV file's data chunk, checked against the size its header declares (wavenc
// writes that size on EOS); empty when the file or the chunk is missing or the sizes disagree.
std::string wav_data(const std::string& path);

// The samples of an F32 WAV file.
std::vector<float> read_wav_f32(const std::string& path);

std::string shipped_pipeline(const std::string& name);

}  // namespace lava::test
