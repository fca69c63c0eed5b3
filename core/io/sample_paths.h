// Where the sample models and hardware configs are: samples/ of the source tree, installed as
// PREFIX/share/cocco/samples. This is the one place that looks them up, for the CLI and the GUI.
#pragma once

#include <string>
#include <vector>

namespace cocco {

// The first existing directory of: $COCCO_SAMPLES_DIR; <directory of the running executable>/
// ../share/cocco/samples (an installed binary); the source tree's samples/ (a binary run from its
// build tree). "" when none exists.
std::string samplesDirectory();

// Every sample file ("hw/default.json", "models/resnet50.json", ...), relative to
// samplesDirectory(), sorted; empty when there is no samples directory.
std::vector<std::string> sampleFiles();

// A --hw argument: an existing file is itself; otherwise a bare name such as "separate_s" or
// "separate_s.json" names samples/hw/separate_s.json when that exists. Anything else comes back
// unchanged, so the loader's error names what was typed.
std::string resolveHardwareArgument(const std::string &arg);

} // namespace cocco
