// File: demo_faults.h
// The fault-injection chapter of `fakecri demo`.
#ifndef FAKECRI_CLI_DEMO_FAULTS_H_
#define FAKECRI_CLI_DEMO_FAULTS_H_

#include <grpcpp/grpcpp.h>

#include <memory>

namespace fakecri::cli {

enum class FaultDemoResult { kOk, kFailed, kSkipped };

// Adds two fault rules through the control API, meets them as a CRI client
// would, prints which rules fired, and clears them. `step` numbers the
// printed calls, continuing the demo's count.
FaultDemoResult RunFaultDemo(const std::shared_ptr<grpc::Channel>& channel,
                             int* step);

}  // namespace fakecri::cli

#endif  // FAKECRI_CLI_DEMO_FAULTS_H_
