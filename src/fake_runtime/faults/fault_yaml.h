// File: fault_yaml.h
// Fault rules from YAML files (`fakecri serve --faults`, scenarios).
//
// Schema (version 1):
//
//   version: 1                    # required, must be 1
//   faults:                       # required, a sequence (may be empty)
//     - id: slow-pulls            # optional; default f1, f2, ... (engine)
//       description: registry is slow   # optional free text
//       hop: image_pull           # required: cri | manager | oci |
//                                 #   image_pull | process | events | runtime
//       operation: pull           # glob; default every operation of the hop
//                                 #   cri: RPC names ("PullImage", "Pull*")
//                                 #   oci: create | start | kill | delete
//                                 #   image_pull: pull   process: start
//                                 #   events: send   runtime: status | tick
//                                 #   manager: free-form step names
//       match:                    # optional; globs ('*', '?'), all ANDed
//         pod: "web-*"            # pod name
//         namespace: default
//         uid: "*"                # pod uid
//         labels: {app: web}      # pod labels: key -> value glob
//         container: nginx
//         image: "nginx:*"        # full or familiar form
//         handler: runsc          # runtime_handler ("" = runc)
//       effect:                   # required, exactly one of:
//         latency: "uniform(1s,3s) + 8ms/MiB"   # distribution.h forms
//       # error: UNAVAILABLE  or  {code: UNAVAILABLE, message: "..."}
//       #   (message default: containerd's words for the operation;
//       #    placeholders {image} {pod} {namespace} {container} {handler}
//       #    {operation} {rule})
//       # hang: true                       (until the client's deadline)
//       # oci_failure: true  or  {message: "...", exit_code: 128}
//       # crash: true  or  {exit_code: 1, delay: 10s}   (delay: latency form)
//       # crash_loop: true  or  {exit_code: 1, delay: 0s}
//       # oom_kill: true  or  {delay: 30s}
//       # not_ready: NetworkReady  or  {condition: RuntimeReady,
//       #   reason: ..., message: ..., duration: 30s}
//       # drop_event | duplicate_event | reorder_event: true
//       # delay_event: 500ms                 (latency form)
//       # end_stream: true  or  {code: UNAVAILABLE, message: "..."}
//       # restart: true  or  {outage: 5s, containers_unknown: true}
//       when:                     # optional; all ANDed
//         probability: 0.5        # 0..1 or a percentage ("50%")
//         first: 3                # only the first N matching calls
//         every: 2                # only every Nth matching call
//         times: 5                # at most N hits in total
//         after: 30s              # window on the runtime clock, measured
//         until: 2m               #   from when the rule is added
//
// Example:
//
//   version: 1
//   faults:
//     - hop: cri
//       operation: PullImage
//       match: {image: "nginx:*"}
//       effect: {error: {code: UNAVAILABLE}}
//       when: {first: 2}
//     - hop: process
//       match: {container: app}
//       effect: {crash_loop: {exit_code: 2, delay: 5s}}
//
// Globs that start with '*' must be quoted (a bare * starts a YAML alias).
// Every error is InvalidArgument "<source>:<line>:<col>: <message>"
// (1-based, pointing at the offending node) and says what was expected;
// unknown keys list the allowed ones. Rules are validated with
// FindRuleError (fault_rule.h), whose errors point at the field concerned.
#ifndef FAKECRI_FAULTS_FAULT_YAML_H_
#define FAKECRI_FAULTS_FAULT_YAML_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "fake_runtime/faults/fault_rule.h"

namespace YAML {
class Node;
}

namespace fakecri::faults {

// A whole fault file (the schema above). `source_name` prefixes errors.
absl::StatusOr<std::vector<FaultRule>> ParseFaultsYaml(
    std::string_view text, std::string_view source_name);

// Reads and parses `path`; an unreadable file is NotFound.
absl::StatusOr<std::vector<FaultRule>> LoadFaultsYamlFile(
    const std::string& path);

// Just the `faults:` sequence, for formats that embed one (scenarios);
// `key` is its mapping key node, for errors about the sequence itself.
absl::StatusOr<std::vector<FaultRule>> ParseFaultsYamlNode(
    const YAML::Node& key, const YAML::Node& faults,
    std::string_view source_name);

}  // namespace fakecri::faults

#endif  // FAKECRI_FAULTS_FAULT_YAML_H_
