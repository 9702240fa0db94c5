package com.vantagepoint.scoring.analysis.bedrock;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Clocks for rate-control tests (also used by the pipeline's Bedrock job tests through the test-jar). */
public final class TestClocks {
    private TestClocks() {
    }

    /** Real time running {@code factor} times faster: a simulated minute lasts 60/factor real seconds. */
    public static TimeSource compressed(double factor) {
        long origin = System.nanoTime();
        return new TimeSource() {
            @Override
            public long nanoTime() {
                return (long) ((System.nanoTime() - origin) * factor);
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                long real = (long) (nanos / factor);
                if (real > 0) {
                    TimeUnit.NANOSECONDS.sleep(real);
                }
            }
        };
    }

    /** Virtual time: sleeping advances the clock instantly; {@link #advance} moves it by hand. */
    public static final class Virtual implements TimeSource {
        private final AtomicLong now = new AtomicLong(1_000_000_000L);

        @Override
        public long nanoTime() {
            return now.get();
        }

        @Override
        public void sleepNanos(long nanos) {
            if (nanos > 0) {
                now.addAndGet(nanos);
            }
        }

        public void advance(long millis) {
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
        }
    }
}
