package com.vantagepoint.pipeline.generate;

import java.time.LocalDate;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Everything decided about one account before its rows are written. Derived from
 * (seed, account index) alone, so any shard can rebuild it. Days are epoch days (UTC).
 */
final class AccountPlan {
    static final String[] INDUSTRIES = {"Financial Services", "Healthcare", "Retail", "Manufacturing", "Technology",
            "Education", "Logistics", "Media", "Public Sector", "Energy", "Hospitality", "Telecommunications"};

    final int index;
    final String accountId;
    final Archetype archetype;
    /** Critical accounts: true = silent for over 90 days (few tickets), false = 31–90 days (more tickets). */
    final boolean longSilent;
    final String industry;
    final String tier;
    final long revenuePence;
    final String ownerId;
    final LocalDate start;
    final LocalDate end;
    final boolean churned;
    /** First day with data (start or two years before as-of) and the last active day. */
    final long windowStartDay;
    final long lastActiveDay;
    /** Last day for conversations: as-of for live accounts, the end date for churned ones. */
    final long conversationEndDay;
    final double sessionWeight;
    final int ticketsDesired;
    final double otherWeight;
    final int opportunities;
    final int users;
    /** Feature indices this account uses, most used first. */
    final int[] features;
    final double errorRate;

    AccountPlan(long seed, int index, Archetype archetype, String accountId, LocalDate asOf) {
        this.index = index;
        this.accountId = accountId;
        this.archetype = archetype;
        SplittableRandom r = Rng.of(seed, Rng.ACCOUNT, index);
        long asOfDay = asOf.toEpochDay();
        long twoYears = asOfDay - 730;
        this.industry = Rng.pick(r, INDUSTRIES);
        boolean enterprise = r.nextDouble() < (archetype == Archetype.HEALTHY ? 0.45 : 0.3);
        this.tier = enterprise ? "enterprise" : "standard";
        double revenue = enterprise ? 2_000_000 * StrictMath.exp(Rng.gaussian(r) * 0.8) : 250_000 * StrictMath.exp(Rng.gaussian(r) * 0.7);
        this.revenuePence = Math.max(2_500_000L, Math.round(revenue * 100));
        this.ownerId = String.format(Locale.ROOT, "EMP-%03d", Rng.between(r, 1, 40));
        this.longSilent = archetype == Archetype.CRITICAL && r.nextBoolean();

        long startDay;
        long endDay = Long.MIN_VALUE;
        long lastActive;
        switch (archetype) {
            case HEALTHY -> {
                startDay = asOfDay - Rng.between(r, 90, 1400);
                lastActive = asOfDay - Rng.between(r, 0, 3);
                sessionWeight = Rng.between(r, 75, 130);
                ticketsDesired = r.nextDouble() < 0.25 ? 1 : 0;
                otherWeight = 3.0 * (0.6 + 0.8 * r.nextDouble());
                opportunities = Rng.between(r, 2, 4);
                users = Rng.between(r, 6, 30);
                errorRate = 0.01 + 0.03 * r.nextDouble();
            }
            case AT_RISK -> {
                startDay = asOfDay - Rng.between(r, 300, 1400);
                lastActive = asOfDay - Rng.between(r, 8, 25);
                sessionWeight = Rng.between(r, 18, 32);
                ticketsDesired = Rng.between(r, 1, 2);
                otherWeight = 2.0 * (0.6 + 0.8 * r.nextDouble());
                opportunities = Rng.between(r, 1, 3);
                users = Rng.between(r, 3, 10);
                errorRate = 0.08 + 0.07 * r.nextDouble();
            }
            case CRITICAL -> {
                startDay = asOfDay - Rng.between(r, 400, 1400);
                lastActive = asOfDay - (longSilent ? Rng.between(r, 100, 200) : Rng.between(r, 35, 80));
                sessionWeight = Rng.between(r, 6, 14);
                ticketsDesired = longSilent ? 2 : 4;
                otherWeight = 1.5 * (0.6 + 0.8 * r.nextDouble());
                opportunities = Rng.between(r, 1, 2);
                users = Rng.between(r, 1, 4);
                errorRate = 0.2 + 0.2 * r.nextDouble();
            }
            case CHURNED -> {
                endDay = asOfDay - (r.nextDouble() < 0.3 ? Rng.between(r, 5, 90) : Rng.between(r, 91, 540));
                startDay = endDay - Rng.between(r, 300, 1100);
                lastActive = Math.max(Math.max(startDay, twoYears) + 30, endDay - Rng.between(r, 45, 150));
                sessionWeight = Rng.between(r, 18, 34);
                ticketsDesired = Rng.between(r, 1, 2);
                otherWeight = 2.5 * (0.6 + 0.8 * r.nextDouble());
                opportunities = Rng.between(r, 1, 3);
                users = Rng.between(r, 2, 10);
                errorRate = 0.05 + 0.1 * r.nextDouble();
            }
            default -> { // FUTURE
                startDay = asOfDay + Rng.between(r, 3, 45);
                lastActive = startDay;
                sessionWeight = 0;
                ticketsDesired = 0;
                otherWeight = 0;
                opportunities = 1;
                users = Rng.between(r, 2, 6);
                errorRate = 0.02;
            }
        }
        this.start = LocalDate.ofEpochDay(startDay);
        this.churned = archetype == Archetype.CHURNED;
        if (churned) {
            this.end = LocalDate.ofEpochDay(endDay);
        } else if (archetype != Archetype.FUTURE && r.nextDouble() < 0.4) {
            this.end = asOf.plusDays(Rng.between(r, 20, 365)); // the next renewal date
        } else {
            this.end = null;
        }
        this.windowStartDay = Math.max(startDay, twoYears);
        this.lastActiveDay = lastActive;
        this.conversationEndDay = churned ? endDay : asOfDay;
        this.features = chooseFeatures(r, archetype);
    }

    private static int[] chooseFeatures(SplittableRandom r, Archetype a) {
        int n = switch (a) {
            case HEALTHY -> 12;
            case AT_RISK -> Rng.between(r, 5, 7);
            case CRITICAL -> Rng.between(r, 2, 4);
            case CHURNED -> Rng.between(r, 3, 6);
            case FUTURE -> 3;
        };
        int[] all = new int[12];
        for (int i = 0; i < 12; i++) {
            all[i] = i;
        }
        // Dashboard (0) first; shuffle the rest so accounts differ in what they use.
        for (int i = 11; i > 1; i--) {
            int j = 1 + r.nextInt(i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = new int[n];
        System.arraycopy(all, 0, chosen, 0, n);
        return chosen;
    }

    boolean producesData() {
        return archetype != Archetype.FUTURE;
    }
}
