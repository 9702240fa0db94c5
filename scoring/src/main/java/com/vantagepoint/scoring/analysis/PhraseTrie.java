package com.vantagepoint.scoring.analysis;

import java.util.HashMap;
import java.util.Map;

/**
 * Multi-word phrases keyed token by token, built once and then only read (safe to share between threads).
 * {@link #longest} finds the longest phrase starting at a token without crossing a sentence boundary.
 */
final class PhraseTrie<V> {
    private final Node<V> root = new Node<>();

    private static final class Node<V> {
        Map<String, Node<V>> next;
        V value;
    }

    /** Adds a phrase; an existing value for the same phrase is replaced. */
    void put(String[] tokens, V value) {
        if (tokens.length == 0) {
            return;
        }
        Node<V> node = root;
        for (String t : tokens) {
            if (node.next == null) {
                node.next = new HashMap<>(4);
            }
            node = node.next.computeIfAbsent(t, k -> new Node<>());
        }
        node.value = value;
    }

    V get(String[] tokens) {
        Node<V> node = root;
        for (String t : tokens) {
            node = node.next == null ? null : node.next.get(t);
            if (node == null) {
                return null;
            }
        }
        return node.value;
    }

    /** The longest match at {@code from}: its value and length, or null. */
    Match<V> longest(String[] keys, int[] sentence, int size, int from) {
        Node<V> node = root;
        V best = null;
        int bestLen = 0;
        int s = sentence[from];
        for (int i = from; i < size && sentence[i] == s; i++) {
            node = node.next == null ? null : node.next.get(keys[i]);
            if (node == null) {
                break;
            }
            if (node.value != null) {
                best = node.value;
                bestLen = i - from + 1;
            }
        }
        return best == null ? null : new Match<>(best, bestLen);
    }

    record Match<V>(V value, int length) {
    }
}
