package com.merchantinsights.sparkjobs;

import com.merchantinsights.etl.CubeRebuild;
import com.merchantinsights.etl.reprocess.CubeSwitch;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds reprocess runs in the driver one at a time, in the background: the control route answers with the run id at
 * once, and the CLI follows the run's progress in the run log (decision 0016).
 */
final class ReprocessRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReprocessRunner.class);

    /** The build of a logged run. */
    interface Build {
        void run(long runId, CubeRebuild.Request request) throws Exception;
    }

    private final CubeRebuild rebuild;
    private final Build build;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "reprocess");
        thread.setDaemon(true);
        return thread;
    });
    private Long building;

    ReprocessRunner(CubeRebuild rebuild, Build build) {
        this.rebuild = rebuild;
        this.build = build;
    }

    /** Logs the run and starts building it; ReprocessException (a conflict) while another run builds. */
    synchronized long start(CubeRebuild.Request request) throws SQLException {
        if (building != null) {
            throw new CubeSwitch.ReprocessException("reprocess run " + building + " is building; one at a time");
        }
        long runId = rebuild.start(request);
        building = runId;
        runner.execute(() -> {
            try {
                build.run(runId, request);
            } catch (Exception e) {
                LOG.error("reprocess run {} failed", runId, e);
            } finally {
                synchronized (this) {
                    building = null;
                }
            }
        });
        return runId;
    }

    /** Whether a run is building now. */
    synchronized boolean building() {
        return building != null;
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
