package com.vantagepoint.scoring.health;

import java.io.Serializable;
import java.util.List;

/**
 * How one signal's value becomes points. Each rule evaluates itself in plain Java and can be translated into
 * another evaluator (the pipeline's Spark columns) through {@link Translator}; both must apply the operations
 * in the order written here so the doubles agree bit for bit.
 */
public sealed interface PointsRule extends Serializable {

    /** Points for a value; {@code null} means the signal has no data. */
    double points(Number value);

    /** The most points the rule can give. */
    double maxPoints();

    /** A phrase for comments and the API: "max 15, full at 100". */
    String describe();

    /** The value that earns the full points when the rule caps a count, else null. */
    default Long fullPointsAt() {
        return null;
    }

    <T> T translate(Translator<T> translator);

    /** One method per rule kind, so an evaluator cannot forget one. */
    interface Translator<T> {
        T cappedShare(CappedShare rule);

        T complementOfRate(ComplementOfRate rule);

        T banded(Banded rule);

        T shiftedUnit(ShiftedUnit rule);
    }

    /** {@code min(value, cap) / cap * weight} for a count. */
    record CappedShare(long cap, double weight) implements PointsRule {
        public double points(Number value) {
            return Math.min(value.longValue(), cap) / (double) cap * weight;
        }

        public double maxPoints() {
            return weight;
        }

        public String describe() {
            return "max " + HealthModel.plain(weight) + ", full at " + cap;
        }

        @Override
        public Long fullPointsAt() {
            return cap;
        }

        public <T> T translate(Translator<T> translator) {
            return translator.cappedShare(this);
        }
    }

    /** {@code (1 - min(rate, 1)) * weight} for a rate in [0, 1]; no data reads as a rate of 0. */
    record ComplementOfRate(double weight) implements PointsRule {
        public double points(Number value) {
            double rate = value == null ? 0.0 : value.doubleValue();
            return (1 - Math.min(rate, 1.0)) * weight;
        }

        public double maxPoints() {
            return weight;
        }

        public String describe() {
            return "max " + HealthModel.plain(weight) + " at a rate of 0";
        }

        public <T> T translate(Translator<T> translator) {
            return translator.complementOfRate(this);
        }
    }

    /** The points of the first band whose limit the value does not exceed; beyond the last, or no data, 0. */
    record Banded(List<Band> bands, String unit) implements PointsRule {
        public Banded {
            bands = List.copyOf(bands);
        }

        public double points(Number value) {
            if (value == null) {
                return 0;
            }
            for (Band band : bands) {
                if (value.longValue() <= band.upTo()) {
                    return band.points();
                }
            }
            return 0;
        }

        public double maxPoints() {
            return bands.stream().mapToDouble(Band::points).max().orElse(0);
        }

        public String describe() {
            StringBuilder sb = new StringBuilder("max ").append(HealthModel.plain(maxPoints())).append(':');
            for (Band band : bands) {
                sb.append(' ').append(HealthModel.plain(band.points())).append(" up to ").append(band.upTo())
                        .append(' ').append(unit).append(',');
            }
            return sb.append(" else 0").toString();
        }

        public <T> T translate(Translator<T> translator) {
            return translator.banded(this);
        }
    }

    /** {@code (value + 1) / 2 * weight} for a value in [-1, 1]; no data reads as 0 (neutral, half the weight). */
    record ShiftedUnit(double weight) implements PointsRule {
        public double points(Number value) {
            double v = value == null ? 0.0 : value.doubleValue();
            return (v + 1) / 2 * weight;
        }

        public double maxPoints() {
            return weight;
        }

        public String describe() {
            return "max " + HealthModel.plain(weight) + " at +1, half at 0 or no data";
        }

        public <T> T translate(Translator<T> translator) {
            return translator.shiftedUnit(this);
        }
    }
}
