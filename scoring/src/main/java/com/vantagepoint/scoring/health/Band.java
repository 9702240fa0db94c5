package com.vantagepoint.scoring.health;

/** A step of a banded signal: values up to and including {@code upTo} earn {@code points}. */
public record Band(long upTo, double points) implements java.io.Serializable {
}
