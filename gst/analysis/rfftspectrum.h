// rfftspectrum: real-FFT spectrum analyzer posting `spectrum`-compatible bus messages; audio
// passes through unchanged.
#pragma once

#include <gst/audio/gstaudiofilter.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define LAVA_TYPE_RFFT_SPECTRUM (lava_rfft_spectrum_get_type())
G_DECLARE_FINAL_TYPE(LavaRfftSpectrum, lava_rfft_spectrum, LAVA, RFFT_SPECTRUM, GstAudioFilter)
GST_ELEMENT_REGISTER_DECLARE(rfftspectrum);

G_END_DECLS
