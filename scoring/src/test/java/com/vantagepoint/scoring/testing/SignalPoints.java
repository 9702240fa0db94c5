package com.vantagepoint.scoring.testing;

import com.vantagepoint.scoring.health.Signal;

import java.util.EnumMap;
import java.util.Map;

/** Points per signal for hand-made rows, given in the order the score sums them. */
public final class SignalPoints {
    private SignalPoints() {
    }

    public static Map<Signal, Double> of(double sessions, double features, double errors, double recency,
                                         double sentiment, double support) {
        double[] points = {sessions, features, errors, recency, sentiment, support};
        Map<Signal, Double> p = new EnumMap<>(Signal.class);
        for (Signal signal : Signal.values()) {
            p.put(signal, points[signal.ordinal()]);
        }
        return p;
    }
}
