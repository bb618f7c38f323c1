package com.merchantinsights.service;

import io.javalin.Javalin;

/**
 * A service made by {@link ServiceApp#create} and started, as {@link ServiceRunner} stops it: {@link #drain} makes
 * readiness say no while every request is still answered; {@link #close} stops taking requests, lets those in flight
 * finish ({@link ServiceApp#stop}) and only then closes what the handlers used (pools, producers), so that no request
 * finds them closed. Each service extends it once, so that all of them stop the same way.
 */
public abstract class RunningService implements ServiceRunner.Drainable {
    private final Javalin app;
    private final Drain drain;
    private final Runnable closeResources;

    /**
     * @param app            started, made by {@link ServiceApp#create} with readiness from {@code drain}
     * @param closeResources closes what the handlers used; runs once the server has stopped
     */
    protected RunningService(Javalin app, Drain drain, Runnable closeResources) {
        this.app = app;
        this.drain = drain;
        this.closeResources = closeResources;
    }

    public final int port() {
        return app.port();
    }

    /** Readiness says no from now on; requests are still answered (the first step of a graceful stop). */
    @Override
    public final void drain() {
        drain.begin();
    }

    @Override
    public final void close() {
        ServiceApp.stop(app);
        closeResources.run();
    }
}
