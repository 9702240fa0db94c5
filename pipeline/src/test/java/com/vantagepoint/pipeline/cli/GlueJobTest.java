package com.vantagepoint.pipeline.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Glue's {@code --key value} job arguments become the pipeline's command line; Glue's own are ignored. */
class GlueJobTest {

    @Test
    void takesThePipelineCommandFromItsArgumentAndIgnoresGluesOwn() {
        String[] glue = {"--JOB_ID", "j_123", "--conf", "spark.driver.extraJavaOptions=-Dx=y", "--JOB_RUN_ID", "jr_1",
                "--vantagepoint-args", "run --conf s3a://b/glue.conf  --as-of 2026-12-01", "--TempDir", "s3://t/",
                "--job-bookmark-option", "job-bookmark-disable", "--JOB_NAME", "vantagepoint"};
        assertArrayEquals(new String[]{"run", "--conf", "s3a://b/glue.conf", "--as-of", "2026-12-01"},
                GlueJob.pipelineArguments(glue));
    }

    @Test
    void acceptsTheKeyEqualsValueForm() {
        assertArrayEquals(new String[]{"run", "--conf", "s3a://b/c"},
                GlueJob.pipelineArguments(new String[]{"--vantagepoint-args=run --conf s3a://b/c"}));
    }

    @Test
    void aMissingCommandNamesTheArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GlueJob.pipelineArguments(new String[]{"--JOB_ID", "j_1", "--vantagepoint-args", " "}));
        assertTrue(e.getMessage().contains("--vantagepoint-args"), e.getMessage());
    }
}
