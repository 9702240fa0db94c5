package com.vantagepoint.pipeline.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the job as an AWS Glue Spark job ({@code --class com.vantagepoint.pipeline.cli.GlueJob}, set by
 * {@code scripts/deploy-glue}). Glue calls {@code main} with every job argument as a {@code --key value} pair, its
 * own ({@code --JOB_ID}, {@code --JOB_RUN_ID}, {@code --TempDir}, {@code --conf}, ...) mixed with ours, in no set
 * order. This entry reads one of them, {@code --vantagepoint-args} (the pipeline command line, e.g.
 * {@code run --conf s3a://bucket/glue.conf}, words separated by spaces), ignores the rest and runs
 * {@link PipelineCli} with it. A failed command ends in an exception, which is how Glue learns a run failed.
 */
public final class GlueJob {
    /** The Glue job argument holding the pipeline's command line. */
    public static final String ARGUMENT = "--vantagepoint-args";

    private GlueJob() {
    }

    public static void main(String[] glueArgs) {
        String[] args = pipelineArguments(glueArgs);
        int code = PipelineCli.execute(args);
        if (code != 0) {
            throw new IllegalStateException("vantagepoint " + String.join(" ", args) + " failed with exit code " + code
                    + " (its error is the line above)");
        }
    }

    /** The pipeline command line carried by {@value #ARGUMENT}; refused, naming it, when it is missing or empty. */
    static String[] pipelineArguments(String[] glueArgs) {
        String line = null;
        for (int i = 0; i < glueArgs.length; i++) {
            if (glueArgs[i].equals(ARGUMENT) && i + 1 < glueArgs.length) {
                line = glueArgs[i + 1];
            } else if (glueArgs[i].startsWith(ARGUMENT + "=")) {
                line = glueArgs[i].substring(ARGUMENT.length() + 1);
            }
        }
        List<String> words = new ArrayList<>();
        if (line != null) {
            for (String word : line.trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("Glue job argument " + ARGUMENT
                    + " is missing or empty: set it to the pipeline command, e.g. 'run --conf s3a://bucket/glue.conf'");
        }
        return words.toArray(String[]::new);
    }
}
