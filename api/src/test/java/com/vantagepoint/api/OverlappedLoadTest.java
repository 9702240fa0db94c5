package com.vantagepoint.api;

import com.vantagepoint.api.mart.DuckDbMartReader;
import com.vantagepoint.api.mart.MartReader;
import com.vantagepoint.api.mart.Snapshot;
import com.vantagepoint.api.mart.SnapshotHolder;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run published while a snapshot loads: the load may have read tables of both runs (Snowflake's reader reads one
 * query per table), so it is dropped and the newer run loaded; the served run stays while publishes keep landing.
 */
class OverlappedLoadTest {

    /** The DuckDB reader, with a real publish landing during each of the next {@code overlaps} loads. */
    private static final class PublishDuringLoad implements MartReader {
        final DuckDbMartReader warehouse;
        final Path dir;
        final AtomicInteger overlaps = new AtomicInteger();
        final List<String> loaded = new ArrayList<>();

        PublishDuringLoad(Path dir) {
            this.dir = dir;
            this.warehouse = new DuckDbMartReader(dir, 10);
        }

        @Override
        public String currentVersion() throws Exception {
            return warehouse.currentVersion();
        }

        @Override
        public Snapshot load(String version) throws Exception {
            Snapshot s = warehouse.load(version);
            loaded.add(version);
            if (overlaps.getAndDecrement() > 0) {
                SyntheticWarehouse.publish(dir, 40 + loaded.size(), 1, "2026-11-08", loaded.size());
            }
            return s;
        }

        @Override
        public String describe() {
            return dir.toString();
        }
    }

    @Test
    void aLoadThatAPublishOverlapsIsDroppedAndTheNewerRunServed() throws Exception {
        Path wh = Files.createTempDirectory("vp-overlap").resolve("wh");
        SyntheticWarehouse.publish(wh, 30, 1, "2026-11-01", 5);
        PublishDuringLoad reader = new PublishDuringLoad(wh);
        reader.overlaps.set(1);
        try (SnapshotHolder holder = new SnapshotHolder(reader, Duration.ofHours(1))) {
            assertTrue(holder.refresh());
            assertEquals(2, reader.loaded.size(), "the overlapped load is followed by one of the newer run");
            assertEquals(reader.currentVersion(), holder.get().version());
            assertEquals(41, holder.get().size(), "the accounts of the newer run");
        }
    }

    @Test
    void whilePublishesKeepOverlappingEveryLoadTheServedRunStays() throws Exception {
        Path wh = Files.createTempDirectory("vp-overlap").resolve("wh");
        SyntheticWarehouse.publish(wh, 30, 1, "2026-11-01", 5);
        PublishDuringLoad reader = new PublishDuringLoad(wh);
        try (SnapshotHolder holder = new SnapshotHolder(reader, Duration.ofHours(1))) {
            assertTrue(holder.refresh());
            String served = holder.get().version();
            SyntheticWarehouse.publish(wh, 35, 1, "2026-11-08", 9);
            reader.overlaps.set(Integer.MAX_VALUE);
            assertFalse(holder.refresh());
            assertEquals(served, holder.get().version());
            assertEquals(30, holder.get().size());
            assertTrue(holder.lastError().contains("published during each"), holder.lastError());
        }
    }
}
