package com.vantagepoint.scoring.insight;

import com.typesafe.config.Config;
import com.vantagepoint.scoring.analysis.TranscriptAnalysis;
import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.health.RiskTier;
import com.vantagepoint.scoring.health.Signal;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.vantagepoint.scoring.catalog.Columns;

/**
 * Offline, deterministic insights (provider {@code local}) written from the account's own numbers.
 *
 * <p>The recommendation names the tier and score, the signals that lost the most points (with the metric behind
 * each), and actions chosen by those signals: recency lost → re-engagement outreach; support burden → escalation
 * with engineering on the top complaint category; low adoption → enablement on unused features; errors →
 * engineering investigation; sentiment → a sponsor call on the top complaint; churned → exit review. The transcript
 * summary gives volume and mix, recurring themes with counts, the sentiment trajectory from the earlier to the later
 * half of the interactions, and the lowest recent interaction with a quoted excerpt. Excerpts are untrusted text:
 * they are quoted, never interpreted.
 */
public final class LocalInsightGenerator implements InsightGenerator, Serializable {
    private static final long serialVersionUID = 1L;

    /** Bump whenever wording or rules change: cached insights are keyed by it. */
    public static final String VERSION = "local-insight-1.0";

    private final HealthModel model;
    private final EnumMap<Signal, Double> maxPoints = new EnumMap<>(Signal.class);

    /** Writes from the maximum points and thresholds of this health model. */
    public LocalInsightGenerator(HealthModel model) {
        this.model = model;
        for (Signal s : Signal.values()) {
            maxPoints.put(s, model.maxPoints(s));
        }
    }

    /** With the health model of a {@code vantagepoint.scoring} definition. */
    public static LocalInsightGenerator fromConfig(Config scoring) {
        return new LocalInsightGenerator(HealthModel.fromConfig(scoring));
    }

    @Override
    public String provider() {
        return "local";
    }

    @Override
    public String model() {
        return VERSION;
    }

    @Override
    public AccountInsight generate(AccountContext ctx) {
        Facts f = new Facts(ctx, maxPoints, model.negativeSentimentThreshold());
        return new AccountInsight(recommendation(f), summary(f));
    }

    // ---------------------------------------------------------------- recommendation

    private String recommendation(Facts f) {
        List<String> sentences = new ArrayList<>(3);
        List<Signal> gaps = f.gaps();
        String who = f.ctx.accountId() + describeFirm(f.ctx);
        String tier = f.ctx.riskTier().phrase();
        String score = fmt1(f.ctx.healthScore()) + "/" + HealthModel.plain(model.maxScore());
        if (f.ctx.riskTier() == RiskTier.CHURNED) {
            sentences.add(who + " has churned (last score " + score + ")" + (gaps.isEmpty() ? "."
                    : ", after losing the most points on " + gapList(f, gaps) + "."));
            sentences.add("Run an exit review with the former sponsor to confirm why they left"
                    + (f.topComplaint == null ? "" : ", starting from their most frequent complaint, " + f.topComplaint
                    + " (" + f.topComplaintCount + " of " + f.total + " interactions)")
                    + ", and decide whether a win-back offer is worth making.");
            return String.join(" ", sentences);
        }
        if (gaps.isEmpty() && f.ctx.riskTier() != RiskTier.HEALTHY) {
            // No single signal collapsed, yet the account is not healthy: address the weakest ones.
            gaps = f.weakestFirst();
        }
        if (gaps.isEmpty()) {
            sentences.add(who + " is " + tier + " at " + score + " with no signal far below its maximum; its strongest are "
                    + strengths(f) + ".");
            sentences.add("Keep the momentum: use the next check-in to propose an expansion or a case study"
                    + (f.avgSentiment != null && f.avgSentiment > 0.2 ? ", building on an average sentiment of "
                    + sign2(f.avgSentiment) : "") + ".");
            Signal weakest = f.weakest();
            if (weakest != null && f.lost(weakest) > 0) {
                sentences.add("The one thing to watch is " + weakest.label() + " (" + fmt1(f.points(weakest)) + " of "
                        + fmt1(f.max(weakest)) + detail(f, weakest, ": ") + ").");
            }
            return String.join(" ", sentences);
        }
        sentences.add(who + " is " + tier + " at " + score + "; the biggest " + (gaps.size() == 1 ? "gap is " : "gaps are ")
                + gapList(f, gaps.subList(0, Math.min(2, gaps.size()))) + ".");
        sentences.add(action(f, gaps.get(0)));
        if (gaps.size() > 1) {
            sentences.add(action(f, gaps.get(1)));
        } else if (f.ctx.riskTier() == RiskTier.CRITICAL) {
            sentences.add("Put the account on the weekly risk review with an executive sponsor until it is back above "
                    + HealthModel.plain(model.minScore(RiskTier.AT_RISK)) + ".");
        } else if (f.ctx.riskTier() == RiskTier.HEALTHY) {
            sentences.add("Otherwise the account is in good shape: its strongest signals are " + strengths(f) + ".");
        }
        return String.join(" ", sentences);
    }

    private static String describeFirm(AccountContext ctx) {
        List<String> parts = new ArrayList<>(2);
        if (ctx.industry() != null && !ctx.industry().isBlank()) {
            parts.add(ctx.industry().toLowerCase(Locale.ROOT));
        }
        if (ctx.tier() != null && !ctx.tier().isBlank()) {
            parts.add(ctx.tier().toLowerCase(Locale.ROOT));
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    private String gapList(Facts f, List<Signal> gaps) {
        List<String> parts = new ArrayList<>();
        for (Signal s : gaps) {
            parts.add(s.label() + " (" + fmt1(f.points(s)) + " of " + fmt1(f.max(s)) + detail(f, s, ", ") + ")");
        }
        return joinAnd(parts);
    }

    private String strengths(Facts f) {
        List<Signal> best = new ArrayList<>(f.scored);
        best.sort(Comparator.comparingDouble((Signal s) -> f.lost(s) / f.max(s)).thenComparing(Enum::ordinal));
        List<String> parts = new ArrayList<>();
        for (Signal s : best.subList(0, Math.min(2, best.size()))) {
            parts.add(s.label() + " (" + fmt1(f.points(s)) + " of " + fmt1(f.max(s)) + ")");
        }
        return parts.isEmpty() ? "not yet measured" : joinAnd(parts);
    }

    /** The metric behind a signal, e.g. "last active 95 days ago". */
    private String detail(Facts f, Signal s, String prefix) {
        String d = switch (s) {
            case RECENCY -> f.daysSinceActive == null ? "no product usage on record"
                    : "last active " + f.daysSinceActive + (f.daysSinceActive.longValue() == 1 ? " day ago" : " days ago");
            case SUPPORT -> f.tickets == null ? null : plural(f.tickets, "support ticket");
            case FEATURES -> f.featuresAdopted == null ? null : f.featuresAdopted + " of " + model.fullPointsAt(Signal.FEATURES) + " features adopted";
            case SESSIONS -> f.sessions == null ? null : plural(f.sessions, "session")
                    + (f.activeUsers == null ? "" : " by " + plural(f.activeUsers, "active user"));
            case ERRORS -> f.errorRate == null ? null : fmt1(f.errorRate * 100) + "% of sessions with errors";
            case SENTIMENT -> f.avgSentiment == null ? "no transcripts" : "average sentiment " + sign2(f.avgSentiment)
                    + (f.total > 0 ? " over " + plural(f.total, "interaction") : "");
        };
        return d == null ? "" : prefix + d;
    }

    private String action(Facts f, Signal s) {
        return switch (s) {
            case RECENCY -> {
                String since = f.daysSinceActive == null ? "since nobody has used the product yet"
                        : "since nobody has used the product for " + plural(f.daysSinceActive, "day");
                yield "Re-engage now: the account owner should book a check-in with the sponsor this week, " + since
                        + ", and agree a concrete restart plan" + (f.renewal == null ? "" : " before the renewal on " + f.renewal)
                        + ".";
            }
            case SUPPORT -> {
                String topic = f.topComplaint == null ? "their open tickets"
                        : f.topComplaint + (f.topComplaintCount > 0 ? " (" + f.topComplaintCount + " of "
                        + plural(f.total, "interaction") + ")" : "");
                yield "Escalate with " + owner(f.topComplaintKey) + " on " + topic + ": assign a named owner, agree a fix date and "
                        + "report back to the customer" + (f.tickets == null ? "" : " (" + plural(f.tickets, "support ticket")
                        + " so far)") + ".";
            }
            case FEATURES -> {
                int unused = f.featuresAdopted == null ? -1 : (int) Math.max(0, model.fullPointsAt(Signal.FEATURES) - f.featuresAdopted.intValue());
                yield "Run an enablement session on the " + (unused >= 0 ? unused + " features they have not adopted" : "features they do not use")
                        + (f.topComplaint == null ? "" : ", linking them to the " + f.topComplaint + " problems they raise")
                        + ", and set an adoption goal with their admin.";
            }
            case SESSIONS -> "Grow usage: " + (f.sessions == null ? "usage is low" : "only " + plural(f.sessions, "session")
                    + " in the window") + (f.activeUsers == null ? "" : " from " + plural(f.activeUsers, "active user"))
                    + ", so agree usage goals with their admin and target the teams that have not logged in.";
            case ERRORS -> "Ask engineering to investigate their error rate"
                    + (f.errorRate == null ? "" : " of " + fmt1(f.errorRate * 100) + "% of sessions")
                    + " and share a remediation plan with the customer.";
            case SENTIMENT -> {
                String negatives = f.total == 0 ? "" : " (" + f.negative + " of " + plural(f.total, "interaction") + " negative"
                        + (f.avgSentiment == null ? "" : ", average " + sign2(f.avgSentiment)) + ")";
                yield "Repair the relationship" + negatives + ": call the sponsor to acknowledge "
                        + (f.topComplaint == null ? "their concerns" : "the " + f.topComplaint + " issues") + " and agree next steps.";
            }
        };
    }

    /** A category label as prose: data_quality -> data quality. */
    static String display(String category) {
        return category == null ? null : category.replace('_', ' ');
    }

    /** Who fixes a complaint category. */
    private static String owner(String category) {
        if (category == null) {
            return "engineering";
        }
        return switch (category) {
            case "billing" -> "the billing team";
            case "security" -> "the security team";
            case "onboarding" -> "the implementation team";
            case "feature_request" -> "product management";
            default -> "engineering";
        };
    }

    // ---------------------------------------------------------------- transcript summary

    private String summary(Facts f) {
        if (f.total == 0) {
            return "No interactions are on record for " + f.ctx.accountId() + ", so there is no transcript evidence yet; "
                    + "sentiment counts as neutral in the score.";
        }
        List<String> sentences = new ArrayList<>(5);
        List<InteractionFact> list = f.sorted;
        LocalDate first = day(list.get(0));
        LocalDate last = day(list.get(list.size() - 1));
        String span = first == null || last == null ? "" : first.equals(last) ? " on " + first : " between " + first + " and " + last;
        sentences.add(plural(f.total, "interaction") + span + " (" + mix(f) + "), average sentiment "
                + sign2(f.avgFromInteractions) + ", " + f.negative + " negative.");
        if (f.topComplaint != null && f.topComplaintCount >= 2) {
            String others = f.otherThemes(3);
            sentences.add("The recurring issue is " + f.topComplaint + " (" + f.topComplaintCount + " of " + f.total + ")"
                    + (others.isEmpty() ? "" : ", followed by " + others) + ".");
        } else if (f.topComplaint != null) {
            sentences.add("No issue recurs; topics raised: " + f.otherThemes(4) + ".");
        } else {
            sentences.add("No specific complaint category stands out; the conversations are general.");
        }
        if (f.total >= 2) {
            int half = f.total / 2;
            double early = mean(list.subList(0, half));
            double late = mean(list.subList(half, f.total));
            double delta = late - early;
            String trend = delta <= -0.15 ? "worsening" : delta >= 0.15 ? "improving" : "steady";
            sentences.add("Sentiment is " + trend + (trend.equals("steady") ? " (" + sign2(early) + " in the earlier half, "
                    + sign2(late) + " in the later half)." : ", from " + sign2(early) + " in the earlier half of the interactions to "
                    + sign2(late) + " in the later half."));
            List<InteractionFact> recent = list.subList(half, f.total);
            String recentTheme = display(topTheme(recent));
            if (recentTheme != null && !recentTheme.equals(f.topComplaint)) {
                sentences.add("Recently the focus has shifted to " + recentTheme + ".");
            }
        }
        InteractionFact lowest = lowestRecent(list);
        if (lowest != null && lowest.sentiment() < -0.05) {
            sentences.add("Lowest recent point: a " + typeLabel(lowest.interactionType()) + dateSuffix(lowest) + " ("
                    + sign2(lowest.sentiment()) + ", " + display(lowest.category()) + "): \"" + excerpt(lowest.excerpt()) + "\".");
        } else {
            InteractionFact latest = list.get(list.size() - 1);
            sentences.add("The latest interaction, a " + typeLabel(latest.interactionType()) + dateSuffix(latest) + ", was "
                    + (latest.sentiment() > TranscriptAnalysis.NEUTRAL_BAND ? "positive" : "neutral") + " (" + sign2(latest.sentiment()) + "): \""
                    + excerpt(latest.excerpt()) + "\".");
        }
        return String.join(" ", sentences);
    }

    private String mix(Facts f) {
        Map<String, Integer> byType = new LinkedHashMap<>();
        for (InteractionFact i : f.sorted) {
            byType.merge(i.interactionType() == null ? "other" : i.interactionType(), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        for (String t : List.of("support_ticket", "sales_call", "email")) {
            Integer n = byType.remove(t);
            if (n != null) {
                parts.add(plural(n, typeLabel(t)));
            }
        }
        byType.forEach((t, n) -> parts.add(plural(n, typeLabel(t))));
        return joinAnd(parts);
    }

    /** The most frequent non-general category in a slice, ties to the one seen last; null when none. */
    private static String topTheme(List<InteractionFact> slice) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (InteractionFact i : slice) {
            if (i.category() != null && !i.category().equals("general")) {
                counts.merge(i.category(), 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).map(Map.Entry::getKey).orElse(null);
    }

    /** The lowest-sentiment interaction among the latest half (at most the last five). */
    private static InteractionFact lowestRecent(List<InteractionFact> list) {
        int from = Math.max(list.size() / 2, list.size() - 5);
        InteractionFact lowest = null;
        for (InteractionFact i : list.subList(from, list.size())) {
            if (lowest == null || i.sentiment() <= lowest.sentiment()) {
                lowest = i;
            }
        }
        return lowest;
    }

    private static double mean(List<InteractionFact> slice) {
        double sum = 0;
        for (InteractionFact i : slice) {
            sum += i.sentiment();
        }
        return slice.isEmpty() ? 0 : sum / slice.size();
    }

    private static LocalDate day(InteractionFact i) {
        return i.timestamp() == null ? null : i.timestamp().atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static String dateSuffix(InteractionFact i) {
        LocalDate d = day(i);
        return d == null ? "" : " on " + d;
    }

    private static String typeLabel(String type) {
        if (type == null) {
            return "interaction";
        }
        return switch (type) {
            case "support_ticket" -> "support ticket";
            case "sales_call" -> "sales call";
            case "email" -> "e-mail";
            default -> type.replace('_', ' ');
        };
    }

    /** Untrusted text made safe to quote: one line, no quotes, at most ~140 characters cut at a word. */
    static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), 160));
        boolean space = false;
        for (int i = 0; i < text.length() && sb.length() < 160; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                space = sb.length() > 0;
                continue;
            }
            if (space) {
                sb.append(' ');
                space = false;
            }
            sb.append(c == '"' ? '\'' : c);
        }
        if (sb.length() <= 140 && sb.length() == text.strip().length()) {
            return sb.toString();
        }
        int cut = sb.lastIndexOf(" ", 140);
        return sb.substring(0, cut > 60 ? cut : Math.min(140, sb.length())) + "…";
    }

    // ---------------------------------------------------------------- formatting

    private static String plural(Number n, String noun) {
        long v = n.longValue();
        return v + " " + (v == 1 ? noun : noun.endsWith("s") ? noun : noun + "s");
    }

    private static String joinAnd(List<String> parts) {
        if (parts.size() <= 1) {
            return parts.isEmpty() ? "" : parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    static String fmt1(double d) {
        return PortfolioFacts.Fact.format(d);
    }

    static String sign2(double d) {
        return String.format(Locale.ROOT, "%+.2f", d);
    }

    // ---------------------------------------------------------------- the account's numbers

    /** The numbers an insight is written from, computed once per account. */
    private static final class Facts {
        final AccountContext ctx;
        final Map<Signal, Double> max;
        final Map<Signal, Double> points = new EnumMap<>(Signal.class);
        final List<Signal> scored = new ArrayList<>();
        final List<InteractionFact> sorted;
        final Map<String, Integer> themeCounts = new LinkedHashMap<>();
        final int total;
        final int negative;
        final double avgFromInteractions;
        /** Display form ("data quality"); {@link #topComplaintKey} is the label ("data_quality"). */
        final String topComplaint;
        final String topComplaintKey;
        final int topComplaintCount;
        final Double avgSentiment;
        final Number daysSinceActive;
        final Number tickets;
        final Number featuresAdopted;
        final Number sessions;
        final Number activeUsers;
        final Double errorRate;
        final String renewal;

        Facts(AccountContext ctx, Map<Signal, Double> max, double negativeThreshold) {
            this.ctx = ctx;
            this.max = max;
            ctx.points().forEach((s, p) -> {
                if (p != null && max.getOrDefault(s, 0.0) > 0) {
                    points.put(s, p);
                    scored.add(s);
                }
            });
            sorted = new ArrayList<>(ctx.interactions());
            sorted.sort(Comparator.comparing(InteractionFact::timestamp, Comparator.nullsFirst(Comparator.naturalOrder())));
            total = sorted.size();
            int neg = 0;
            double sum = 0;
            for (InteractionFact i : sorted) {
                sum += i.sentiment();
                if (i.sentiment() < negativeThreshold) {
                    neg++;
                }
                if (i.category() != null && !i.category().equals("general")) {
                    themeCounts.merge(i.category(), 1, Integer::sum);
                }
            }
            negative = neg;
            avgFromInteractions = total == 0 ? 0 : sum / total;
            Map.Entry<String, Integer> top = themeCounts.entrySet().stream()
                    .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                    .orElse(null);
            AccountMetrics m = ctx.metrics();
            String metricTop = m.topComplaintCategory();
            if (top != null) {
                topComplaintKey = top.getKey();
                topComplaint = display(top.getKey());
                topComplaintCount = top.getValue();
            } else if (metricTop != null && !metricTop.equals(Columns.NO_COMPLAINT_CATEGORY) && !metricTop.equals("general")) {
                topComplaintKey = metricTop;
                topComplaint = display(metricTop);
                topComplaintCount = 0;
            } else {
                topComplaintKey = null;
                topComplaint = null;
                topComplaintCount = 0;
            }
            avgSentiment = m.avgSentiment() != null ? m.avgSentiment() : total > 0 ? Double.valueOf(avgFromInteractions) : null;
            daysSinceActive = m.daysSinceLastActive();
            Long t = m.supportTicketCount();
            if (t == null && total > 0) {
                t = sorted.stream().filter(i -> "support_ticket".equals(i.interactionType())).count();
            }
            tickets = t;
            featuresAdopted = m.featuresAdopted();
            sessions = m.totalSessions();
            activeUsers = m.activeUsers();
            errorRate = m.errorRate();
            renewal = m.subscriptionEndDate() == null ? null : m.subscriptionEndDate().toString();
        }

        double points(Signal s) {
            return points.getOrDefault(s, 0.0);
        }

        double max(Signal s) {
            return max.getOrDefault(s, 0.0);
        }

        double lost(Signal s) {
            return Math.max(0, max(s) - points(s));
        }

        /**
         * Signals that lost at least 3 points and 40 % of their maximum, the largest share lost first. Sentiment sits
         * at half its maximum for neutral text, so it counts only below 40 % of its maximum (average below -0.2).
         */
        List<Signal> gaps() {
            List<Signal> gaps = new ArrayList<>();
            for (Signal s : scored) {
                double share = lost(s) / max(s);
                boolean gap = s == Signal.SENTIMENT ? points(s) < 0.4 * max(s) : share >= 0.4;
                if (lost(s) >= 3 && gap) {
                    gaps.add(s);
                }
            }
            gaps.sort(Comparator.comparingDouble((Signal s) -> -lost(s) / max(s)).thenComparingDouble(s -> -lost(s))
                    .thenComparing(Enum::ordinal));
            return gaps;
        }

        /** Signals that lost any points, the largest share lost first. */
        List<Signal> weakestFirst() {
            List<Signal> weak = new ArrayList<>();
            for (Signal s : scored) {
                if (lost(s) > 0 && !(s == Signal.SENTIMENT && points(s) >= 0.5 * max(s))) {
                    weak.add(s);
                }
            }
            weak.sort(Comparator.comparingDouble((Signal s) -> -lost(s) / max(s)).thenComparing(Enum::ordinal));
            return weak;
        }

        Signal weakest() {
            return scored.stream().max(Comparator.comparingDouble((Signal s) -> lost(s) / max(s))
                    .thenComparing(Comparator.comparing((Signal s) -> s.ordinal()).reversed())).orElse(null);
        }

        String otherThemes(int limit) {
            List<String> parts = new ArrayList<>();
            themeCounts.entrySet().stream()
                    .filter(e -> !display(e.getKey()).equals(topComplaint) || topComplaintCount < 2)
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(limit)
                    .forEach(e -> parts.add(display(e.getKey()) + " (" + e.getValue() + ")"));
            return joinAnd(parts);
        }
    }
}
