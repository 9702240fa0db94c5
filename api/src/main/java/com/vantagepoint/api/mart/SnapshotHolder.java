package com.vantagepoint.api.mart;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the snapshot of the latest published run and polls for a newer one. A new snapshot is
 * loaded completely beside the old one and only then swapped in with one atomic reference write;
 * a failed load keeps the old snapshot, and so does a load during which the version changed (it may mix two
 * runs; the newer run is loaded instead). Retired snapshots are closed after a grace period so that
 * requests still reading transcripts through them finish.
 */
public final class SnapshotHolder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotHolder.class);
    /** Loads tried in a row when each one is overlapped by a publish. */
    static final int MAX_LOAD_ATTEMPTS = 3;

    private final MartReader reader;
    private final Duration interval;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "snapshot-refresh");
        t.setDaemon(true);
        return t;
    });
    private volatile String lastError;

    public SnapshotHolder(MartReader reader, Duration interval) {
        this.reader = reader;
        this.interval = interval;
    }

    /** Loads the current run now (if any), then keeps polling. */
    public SnapshotHolder start() {
        refresh();
        long ms = Math.max(100, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::refresh, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The snapshot to answer a request from; null while no run has been loaded. */
    public Snapshot get() {
        return current.get();
    }

    public MartReader reader() {
        return reader;
    }

    public String lastError() {
        return lastError;
    }

    /**
     * Checks the version and swaps in a new snapshot when it changed; never throws. A failure keeps the old snapshot
     * and logs one warning line (again only when the reason changes).
     */
    public synchronized boolean refresh() {
        try {
            for (int attempt = 1; ; attempt++) {
                String version = reader.currentVersion();
                Snapshot old = current.get();
                if (version == null || (old != null && Objects.equals(old.version(), version))) {
                    recovered();
                    return false;
                }
                long t0 = System.nanoTime();
                Snapshot fresh = reader.load(version);
                if (!Objects.equals(reader.currentVersion(), version)) {
                    // A run was published while this one loaded: its tables may mix the two runs.
                    fresh.close();
                    if (attempt == MAX_LOAD_ATTEMPTS) {
                        throw new IllegalStateException("a new run was published during each of " + MAX_LOAD_ATTEMPTS
                                + " loads; keeping the served run until publishing pauses");
                    }
                    LOG.info("run {} was replaced while it loaded; loading the newer one", version);
                    continue;
                }
                swap(old, fresh, t0);
                return true;
            }
        } catch (Throwable e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            if (!reason.equals(lastError)) {
                LOG.warn("could not load the current run from {}: {}", reader.describe(), reason);
            }
            lastError = reason;
            return false;
        }
    }

    private void swap(Snapshot old, Snapshot fresh, long t0) {
        current.set(fresh);
        recovered();
        LOG.info("serving run {} ({} accounts, as of {}) loaded in {} ms", fresh.run().runId(), fresh.size(),
                fresh.run().asOfDate(), (System.nanoTime() - t0) / 1_000_000);
        // served already; the sorts no page has asked for yet are done between refreshes, off the request path
        scheduler.execute(fresh::sortAllColumns);
        if (old != null) {
            long grace = Math.max(30_000, 4 * interval.toMillis());
            scheduler.schedule(old::close, grace, TimeUnit.MILLISECONDS);
        }
    }

    private void recovered() {
        if (lastError != null) {
            LOG.info("{} is readable again", reader.describe());
            lastError = null;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        Snapshot s = current.getAndSet(null);
        if (s != null) {
            s.close();
        }
    }
}
