package com.vantagepoint.scoring.analysis.bedrock;

import java.util.concurrent.TimeUnit;

/** Monotonic time and sleeping, injectable so rate control can be tested on a compressed clock. */
public interface TimeSource {

    long nanoTime();

    void sleepNanos(long nanos) throws InterruptedException;

    default long millis() {
        return TimeUnit.NANOSECONDS.toMillis(nanoTime());
    }

    TimeSource SYSTEM = new TimeSource() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            if (nanos > 0) {
                TimeUnit.NANOSECONDS.sleep(nanos);
            }
        }
    };
}
