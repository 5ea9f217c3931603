// Summary statistics of benchmark samples. Every sample is kept by the caller; this reduces them.
#pragma once

#include <cstddef>
#include <vector>

namespace edgepose::bench {

struct SampleStats {
  size_t count = 0;
  double min = 0, max = 0, mean = 0;
  double median = 0;  // average of the two middle samples when count is even
  double p90 = 0;     // linear interpolation between closest ranks (NumPy's default)
  double std = 0;     // population standard deviation
};

// Empty input gives all zeros.
SampleStats Summarize(std::vector<double> samples);

// CPU time of the whole process in ms (CLOCK_PROCESS_CPUTIME_ID). Differences around one inference
// at 1 thread are its compute time, which a loaded machine inflates far less than wall time.
double ProcessCpuMs();

// The q-quantile (0..1) of sorted samples, linear interpolation between closest ranks.
double Quantile(const std::vector<double>& sorted, double q);

}  // namespace edgepose::bench
