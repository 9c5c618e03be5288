// The trigger reports schema mismatches with the same words as the action node: both use the
// one report in ../schemas/issues.
export { describeIssues, validateRecording, type ValidationIssue, type ValidationReport } from '../schemas/issues';
