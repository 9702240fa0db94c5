package com.vantagepoint.pipeline.warehouse;

import com.typesafe.config.Config;
import com.vantagepoint.scoring.config.VantageConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** conf/emr.conf and conf/glue.conf load through COPY from an external stage, as the warehouse reads those keys. */
class ClusterExamplesStageTest {

    @ParameterizedTest
    @CsvSource({"emr.conf", "glue.conf"})
    void theClusterExamplesCopyThroughTheExternalStage(String file) {
        Config sf = VantageConfig.load(Path.of("..", "conf", file), Map.of()).getConfig("snowflake");
        assertEquals(LoadMethod.COPY, LoadMethod.parse(sf.getString("load-method")));
        ExternalStage stage = ExternalStage.fromConfig(sf).orElseThrow();
        assertEquals("VANTAGEPOINT.MARTS.VP_LOAD_STAGE", stage.stage());
        assertEquals("s3a://vantagepoint-data-lake/snowflake-load/run-1/ACCOUNT_HEALTH", stage.tableUri("run-1", "ACCOUNT_HEALTH"));
    }
}
