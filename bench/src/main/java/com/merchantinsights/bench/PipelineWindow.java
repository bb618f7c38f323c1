package com.merchantinsights.bench;

/**
 * The measured window: from the first commit of an ETL run after the warm-up to the first commit after the rest of
 * the minutes; when none comes in time (the ETL fell behind) or the driver is gone, to the last commit before.
 *
 * @param cubeAtStart  events in the cube at the start's commit (the count only changes at commits)
 * @param applied      events the window's runs added to the cube; -1 when it could not be read
 */
record PipelineWindow(
        PathSampler.Sample start, PathSampler.Sample end, long cubeAtStart, long cubeAtEnd, long applied) {
    double seconds() {
        return end.cpu().secondsSince(start.cpu());
    }
}
