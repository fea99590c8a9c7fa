#include <gtest/gtest.h>

#include <string>

#include "filters/filters_json.h"

using lava::filters::FilterSettings;
using lava::filters::parse_filters;
using lava::filters::to_json;

namespace {

// Lavalink's own protocol test vector (protocol/src/commonTest/kotlin/FiltersTest.kt).
constexpr const char* kAllFilters = R"({
  "volume": 1.0,
  "equalizer": [{"band": 0, "gain": 0.2}],
  "karaoke": {"level": 1.0, "monoLevel": 1.0, "filterBand": 220.0, "filterWidth": 100.0},
  "timescale": {"speed": 1.0, "pitch": 1.0, "rate": 1.0},
  "tremolo": {"frequency": 2.0, "depth": 0.5},
  "vibrato": {"frequency": 2.0, "depth": 0.5},
  "rotation": {"rotationHz": 0},
  "distortion": {"sinOffset": 0.0, "sinScale": 1.0, "cosOffset": 0.0, "cosScale": 1.0,
                 "tanOffset": 0.0, "tanScale": 1.0, "offset": 0.0, "scale": 1.0},
  "channelMix": {"leftToLeft": 1.0, "leftToRight": 0.0, "rightToLeft": 0.0, "rightToRight": 1.0},
  "lowPass": {"smoothing": 20.0}
})";

std::string error_for(const std::string& json) {
  FilterSettings s;
  std::string error;
  EXPECT_FALSE(parse_filters(json, s, error)) << json;
  return error;
}

}  // namespace

TEST(FiltersJson, ParsesLavalinkTestVector) {
  FilterSettings s;
  std::string error;
  ASSERT_TRUE(parse_filters(kAllFilters, s, error)) << error;
  EXPECT_TRUE(s.has_volume && s.has_equalizer && s.has_karaoke && s.has_timescale &&
              s.has_tremolo && s.has_vibrato && s.has_rotation && s.has_distortion &&
              s.has_channel_mix && s.has_low_pass);
  EXPECT_FLOAT_EQ(s.equalizer_gains[0], 0.2f);
  EXPECT_FLOAT_EQ(s.low_pass.smoothing, 20.0f);
  // Present but neutral filters do not change the sound; karaoke always does (as in Lavalink).
  EXPECT_FALSE(lava::filters::volume_active(s));
  EXPECT_TRUE(lava::filters::equalizer_active(s));
  EXPECT_TRUE(lava::filters::karaoke_active(s));
  EXPECT_FALSE(lava::filters::timescale_active(s));
  EXPECT_FALSE(lava::filters::rotation_active(s));
  EXPECT_FALSE(lava::filters::distortion_active(s));
  EXPECT_FALSE(lava::filters::channel_mix_active(s));
  EXPECT_TRUE(lava::filters::low_pass_active(s));
}

TEST(FiltersJson, EchoMatchesLavalinkShape) {
  FilterSettings s;
  std::string error;
  ASSERT_TRUE(parse_filters(
      R"({"timescale": {"speed": 1.2}, "equalizer": [{"band": 3}, {"band": 1, "gain": -0.25}],
          "rotation": null, "somethingNew": 5, "volume": 2})",
      s, error))
      << error;
  EXPECT_EQ(to_json(s),
            R"({"volume":2.0,"equalizer":[{"band":3,"gain":1.0},{"band":1,"gain":-0.25}],)"
            R"("timescale":{"speed":1.2,"pitch":1.0,"rate":1.0}})");
}

TEST(FiltersJson, EmptyObjectIsAllOff) {
  FilterSettings s;
  std::string error;
  ASSERT_TRUE(parse_filters("{}", s, error));
  EXPECT_EQ(to_json(s), "{}");
  EXPECT_EQ(s.plugin_filters, "{}");
}

TEST(FiltersJson, EchoRoundTripsEveryFilter) {
  FilterSettings s;
  std::string error;
  ASSERT_TRUE(parse_filters(kAllFilters, s, error)) << error;
  FilterSettings again;
  ASSERT_TRUE(parse_filters(to_json(s), again, error)) << error;
  EXPECT_EQ(to_json(again), to_json(s));
}

TEST(FiltersJson, KeepsPluginFiltersAsRawJson) {
  FilterSettings s;
  std::string error;
  ASSERT_TRUE(parse_filters(R"({"pluginFilters": {"echo": {"delay": 0.5}}})", s, error));
  EXPECT_EQ(s.plugin_filters, R"({"echo":{"delay":0.5}})");
}

TEST(FiltersJson, WrongTypesNameTheField) {
  EXPECT_EQ(error_for(R"({"volume": "1.0"})"), "filters.volume must be a number");
  EXPECT_EQ(error_for(R"({"volume": null})"), "filters.volume must be a number");
  EXPECT_EQ(error_for(R"({"equalizer": {}})"), "filters.equalizer must be an array");
  EXPECT_EQ(error_for(R"({"equalizer": [{"band": 1.5, "gain": 0}]})"),
            "filters.equalizer[0].band must be an integer");
  EXPECT_EQ(error_for(R"({"equalizer": [{"band": 2}, 7]})"),
            "filters.equalizer[1] must be an object");
  EXPECT_EQ(error_for(R"({"karaoke": true})"), "filters.karaoke must be an object or null");
  EXPECT_EQ(error_for(R"({"tremolo": {"depth": false}})"),
            "filters.tremolo.depth must be a number");
  EXPECT_EQ(error_for(R"({"pluginFilters": []})"), "filters.pluginFilters must be an object");
  EXPECT_EQ(error_for("[]"), "filters must be a JSON object");
  EXPECT_NE(error_for("{").find("not valid JSON"), std::string::npos);
}

TEST(FiltersJson, OutOfRangeValuesNameTheField) {
  EXPECT_EQ(error_for(R"({"timescale": {"speed": -1}})"),
            "filters.timescale.speed must be > 0 and <= 10");
  EXPECT_EQ(error_for(R"({"timescale": {"pitch": 0}})"),
            "filters.timescale.pitch must be > 0 and <= 10");
  EXPECT_EQ(error_for(R"({"volume": 5.5})"), "filters.volume must be between 0.0 and 5.0");
  EXPECT_EQ(error_for(R"({"equalizer": [{"band": 15, "gain": 0}]})"),
            "filters.equalizer[0].band must be between 0 and 14");
  EXPECT_EQ(error_for(R"({"equalizer": [{"band": 0, "gain": -0.3}]})"),
            "filters.equalizer[0].gain must be between -0.25 and 1.0");
  EXPECT_EQ(error_for(R"({"tremolo": {"depth": 0}})"),
            "filters.tremolo.depth must be > 0 and <= 1");
  EXPECT_EQ(error_for(R"({"vibrato": {"frequency": 14.5}})"),
            "filters.vibrato.frequency must be > 0 and <= 14");
  EXPECT_EQ(error_for(R"({"channelMix": {"leftToRight": 1.5}})"),
            "filters.channelMix.leftToRight must be between 0 and 1");
  EXPECT_EQ(error_for(R"({"karaoke": {"filterWidth": 0}})"),
            "filters.karaoke.filterWidth must be > 0");
  EXPECT_EQ(error_for(R"({"distortion": {"scale": 1e300}})"),
            "filters.distortion.scale must be finite");
}

TEST(FiltersJson, FailureLeavesPreviousSettingsUntouched) {
  FilterSettings s;
  std::string error;
  ASSERT_TRUE(parse_filters(R"({"volume": 0.5})", s, error));
  EXPECT_FALSE(parse_filters(R"({"volume": 0.8, "timescale": {"rate": 0}})", s, error));
  EXPECT_FLOAT_EQ(s.volume, 0.5f);
  EXPECT_FALSE(s.has_timescale);
}

TEST(FiltersJson, NullObjectFiltersAreOff) {
  FilterSettings s;
  std::string error;
  ASSERT_TRUE(parse_filters(R"({"karaoke": null, "lowPass": null})", s, error)) << error;
  EXPECT_FALSE(s.has_karaoke);
  EXPECT_FALSE(s.has_low_pass);
}
