package com.vantagepoint.pipeline.job;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.comparison.ComparisonResult;
import com.amazon.deequ.comparison.ComparisonSucceeded;
import com.amazon.deequ.comparison.ReferentialIntegrity;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus;
import com.vantagepoint.pipeline.enrich.ConfiguredAnalyzers;
import com.vantagepoint.pipeline.source.RawSources;
import com.vantagepoint.pipeline.staging.QualityChecks;
import com.vantagepoint.pipeline.staging.QualityChecks.TableChecks;
import com.vantagepoint.pipeline.warehouse.Warehouses;
import com.vantagepoint.scoring.config.VantageConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Option;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction1;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Benchmark for scripts/bench-quality: the run's hand-written quality checks against Amazon Deequ's (a
 * VerificationSuite per table with isComplete / isUnique / isContainedIn, ReferentialIntegrity.subsetCheck for each
 * relationship), on the same staged sources of one input, staged once by the job's own staging and cached, in
 * alternating order. Prints each engine's wall time per repetition, the fastest and median, the ratio, and whether
 * the two reach the same verdict on every check (it exits 1 when they do not).
 *
 * <p>Arguments: {@code INPUT_DIR AS_OF REPEAT}.
 */
public final class QualityEngineBench {
    private QualityEngineBench() {
    }

    public static void main(String[] args) throws Exception {
        String input = args[0];
        String asOf = args[1];
        int repeat = Integer.parseInt(args[2]);
        Path home = Files.createTempDirectory("bench-quality");
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("input", input);
        overrides.put("warehouse", home.resolve("warehouse").toString());
        overrides.put("run.as-of", asOf);
        overrides.put("run.history-weeks", 0);
        PipelineSettings settings = PipelineSettings.from(VantageConfig.load(null, overrides));
        SparkSession spark = SparkSessions.getOrCreate(settings, "bench-quality");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        PipelineJob job = new PipelineJob(spark, settings, RawSources.open(settings.input(), settings.config()),
                Warehouses.open(settings.warehouse().toString(), settings.keepRuns(), settings.healthModel(),
                        settings.config()),
                new ConfiguredAnalyzers(settings.config()), quiet, Clock.systemUTC(), 0);

        long stageStart = System.nanoTime();
        PipelineJob.Staged staged = job.stageSources(job.inputs());
        List<TableChecks> tables = job.stagedChecks(staged);
        long rows = 0;
        for (TableChecks t : tables) {
            rows += t.frame().count();
        }
        System.out.printf("staged %,d rows in 4 sources in %.1f s (cached; both engines read the cache)%n", rows,
                seconds(System.nanoTime() - stageStart));

        List<Long> builtin = new ArrayList<>();
        List<Long> deequ = new ArrayList<>();
        Map<String, String> builtinVerdicts = Map.of();
        Map<String, String> deequVerdicts = Map.of();
        for (int i = 0; i < repeat; i++) {
            boolean builtinFirst = i % 2 == 0;
            for (int k = 0; k < 2; k++) {
                long start = System.nanoTime();
                if (builtinFirst == (k == 0)) {
                    builtinVerdicts = builtinVerdicts(tables);
                    builtin.add(System.nanoTime() - start);
                } else {
                    deequVerdicts = deequVerdicts(spark, tables);
                    deequ.add(System.nanoTime() - start);
                }
            }
            System.out.printf("repetition %d: hand-written %.2f s, Deequ %.2f s%n", i + 1,
                    seconds(builtin.get(i)), seconds(deequ.get(i)));
        }
        System.out.printf("%-12s fastest %6.2f s  median %6.2f s%n", "hand-written", seconds(min(builtin)),
                seconds(median(builtin)));
        System.out.printf("%-12s fastest %6.2f s  median %6.2f s%n", "Deequ", seconds(min(deequ)),
                seconds(median(deequ)));
        System.out.printf("Deequ / hand-written (fastest): %.2fx%n", (double) min(deequ) / min(builtin));

        boolean agree = builtinVerdicts.equals(deequVerdicts);
        System.out.println("verdicts (check: hand-written / Deequ):");
        for (Map.Entry<String, String> e : builtinVerdicts.entrySet()) {
            System.out.printf("  %-44s %s / %s%n", e.getKey(), e.getValue(),
                    deequVerdicts.getOrDefault(e.getKey(), "missing"));
        }
        System.out.println(agree ? "both engines agree on every check" : "the engines DISAGREE");
        spark.stop();
        System.exit(agree ? 0 : 1);
    }

    /** check name → pass/fail from the job's own checks ({@code warn} counts as a failed constraint). */
    private static Map<String, String> builtinVerdicts(List<TableChecks> tables) {
        Map<String, String> verdicts = new TreeMap<>();
        for (QualityChecks.Result r : QualityChecks.check(tables)) {
            verdicts.put(r.tableName() + " " + r.checkName() + " " + r.columnName(),
                    r.status().equals(QualityChecks.PASS) ? "pass" : "fail");
        }
        return verdicts;
    }

    /** The same checks through Deequ: one VerificationSuite per table, one subset check per relationship. */
    private static Map<String, String> deequVerdicts(SparkSession spark, List<TableChecks> tables) {
        Map<String, String> verdicts = new TreeMap<>();
        for (TableChecks t : tables) {
            Check check = new Check(CheckLevel.Error(), t.table(), Check.$lessinit$greater$default$3())
                    .isUnique(t.key(), Option.apply("unique"), Option.empty())
                    .isComplete(t.key(), Option.apply("not_null"), Option.empty());
            for (QualityChecks.Accepted a : t.accepted()) {
                check = check.isContainedIn(a.column(), a.values().toArray(String[]::new),
                        Option.apply("accepted_values " + a.column()));
            }
            List<String> names = new ArrayList<>(List.of("unique " + t.key(), "not_null " + t.key()));
            t.accepted().forEach(a -> names.add("accepted_values " + a.column()));
            VerificationResult result = new VerificationSuite().onData(t.frame()).addCheck(check).run();
            // One check per table; its constraint results come in the order the constraints were added.
            CheckResult checkResult = result.checkResults().values().head();
            List<ConstraintResult> constraints = JavaConverters.seqAsJavaList(checkResult.constraintResults());
            for (int i = 0; i < constraints.size(); i++) {
                verdicts.put(t.table() + " " + names.get(i),
                        constraints.get(i).status() == ConstraintStatus.Success() ? "pass" : "fail");
            }
            for (QualityChecks.Relationship r : t.relationships()) {
                ComparisonResult subset = ReferentialIntegrity.subsetCheck(t.frame(), seq(r.column()), r.parent(),
                        seq(r.parentKey()), new AbstractFunction1<Object, Object>() {
                            @Override
                            public Object apply(Object ratio) {
                                return (Double) ratio >= 1.0;
                            }
                        });
                verdicts.put(t.table() + " relationships " + r.column(),
                        subset instanceof ComparisonSucceeded ? "pass" : "fail");
            }
        }
        return verdicts;
    }

    private static scala.collection.Seq<String> seq(String column) {
        return JavaConverters.asScalaBuffer(List.of(column)).toSeq();
    }

    private static long min(List<Long> nanos) {
        return nanos.stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    private static long median(List<Long> nanos) {
        return nanos.stream().sorted().toList().get(nanos.size() / 2);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
