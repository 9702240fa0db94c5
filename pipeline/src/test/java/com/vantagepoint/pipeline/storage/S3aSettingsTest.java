package com.vantagepoint.pipeline.storage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.vantagepoint.scoring.config.VantageConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** vantagepoint.s3 to fs.s3a.*: the default credential chain unless keys are given, path style and TLS from the endpoint. */
class S3aSettingsTest {

    private static Map<String, String> settings(String s3) {
        Config config = ConfigFactory.parseString("s3 { " + s3 + " }").withFallback(VantageConfig.defaults());
        return S3aSettings.from(config);
    }

    @Test
    void withoutKeysS3aKeepsItsDefaultCredentialChain() {
        Map<String, String> keys = settings("endpoint = \"\", access-key-id = \"\", secret-access-key = \"\", session-token = \"\"");
        assertFalse(keys.containsKey("fs.s3a.access.key"));
        assertFalse(keys.containsKey("fs.s3a.secret.key"));
        assertFalse(keys.containsKey("fs.s3a.aws.credentials.provider"));
        assertFalse(keys.containsKey("fs.s3a.endpoint"));
        assertEquals("false", keys.get("fs.s3a.path.style.access"));
    }

    @Test
    void aLocalHttpEndpointMeansPathStyleAndNoTls() {
        Map<String, String> keys = settings("endpoint = \"http://127.0.0.1:9000\", region = eu-west-1");
        assertEquals("http://127.0.0.1:9000", keys.get("fs.s3a.endpoint"));
        assertEquals("true", keys.get("fs.s3a.path.style.access"));
        assertEquals("false", keys.get("fs.s3a.connection.ssl.enabled"));
        assertEquals("eu-west-1", keys.get("fs.s3a.endpoint.region"));
    }

    @Test
    void anHttpsEndpointKeepsTlsAndPathStyleCanBeTurnedOff() {
        Map<String, String> keys = settings("endpoint = \"https://s3.example.com\", path-style-access = false");
        assertEquals("true", keys.get("fs.s3a.connection.ssl.enabled"));
        assertEquals("false", keys.get("fs.s3a.path.style.access"));
    }

    @Test
    void givenKeysAndShortRetriesAreApplied() {
        Map<String, String> keys = settings("access-key-id = AK, secret-access-key = SK, session-token = ST");
        assertEquals("AK", keys.get("fs.s3a.access.key"));
        assertEquals("SK", keys.get("fs.s3a.secret.key"));
        assertEquals("ST", keys.get("fs.s3a.session.token"));
        assertEquals("2", keys.get("fs.s3a.attempts.maximum"));
        assertEquals("1", keys.get("fs.s3a.retry.limit"));
        assertEquals("5000", keys.get("fs.s3a.connection.establish.timeout"));
    }
}
