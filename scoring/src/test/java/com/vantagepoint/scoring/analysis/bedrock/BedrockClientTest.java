package com.vantagepoint.scoring.analysis.bedrock;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one retry rule of every Bedrock call: transient failures are retried, other 4xx are not. */
class BedrockClientTest {

    @Test
    void retriesThrottlingServerErrorsTimeoutsAndIo() {
        assertTrue(BedrockClient.isRetryable(ThrottlingException.builder().statusCode(429).build()));
        assertTrue(BedrockClient.isRetryable(InternalServerException.builder().statusCode(500).build()));
        assertTrue(BedrockClient.isRetryable(ServiceUnavailableException.builder().statusCode(503).build()));
        assertTrue(BedrockClient.isRetryable(ModelNotReadyException.builder().statusCode(429).build()));
        assertTrue(BedrockClient.isRetryable(ModelTimeoutException.builder().statusCode(408).build()));
        assertTrue(BedrockClient.isRetryable(status(408, "RequestTimeout")));
        assertTrue(BedrockClient.isRetryable(SdkClientException.create("reset", new IOException("connection reset"))));
    }

    @Test
    void doesNotRetryOtherClientErrors() {
        assertFalse(BedrockClient.isRetryable(ValidationException.builder().statusCode(400).build()));
        assertFalse(BedrockClient.isRetryable(AccessDeniedException.builder().statusCode(403).build()));
        assertFalse(BedrockClient.isRetryable(ServiceQuotaExceededException.builder().statusCode(400).build()));
        assertFalse(BedrockClient.isRetryable(status(404, "ResourceNotFoundException")));
        assertFalse(BedrockClient.isRetryable(SdkClientException.create("unable to load credentials")));
    }

    private static AwsServiceException status(int code, String errorCode) {
        return AwsServiceException.builder().statusCode(code)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(errorCode).build()).build();
    }

    @Test
    void missingCredentialsRefusedAccessOrAnUnknownModelMeanBedrockIsUnavailable() {
        assertTrue(BedrockClient.isUnavailable(SdkClientException.create("Unable to load credentials from any of the providers")));
        assertTrue(BedrockClient.isUnavailable(AccessDeniedException.builder().statusCode(403).build()));
        assertTrue(BedrockClient.isUnavailable(status(403, "UnrecognizedClientException")));
        assertTrue(BedrockClient.isUnavailable(status(404, "ResourceNotFoundException")));
        assertTrue(BedrockClient.isUnavailable(ValidationException.builder().statusCode(400)
                .message("The provided model identifier is invalid.").build()));
        assertFalse(BedrockClient.isUnavailable(ValidationException.builder().statusCode(400).message("too long").build()));
        assertFalse(BedrockClient.isUnavailable(ThrottlingException.builder().statusCode(429).build()));
        assertFalse(BedrockClient.isUnavailable(SdkClientException.create("reset", new IOException("connection reset"))));
    }

    @Test
    void withoutCredentialsTheFirstCallFailsAndEveryLaterOneFallsBackAtOnce() throws Exception {
        try (FakeBedrockServer server = FakeBedrockServer.start()) {
            java.util.Map<String, Object> flags = new java.util.HashMap<>();
            flags.put("enrichment.bedrock.region", "us-east-1");
            flags.put("enrichment.bedrock.endpoint", server.endpoint().toString());
            flags.put("enrichment.bedrock.base-backoff-ms", 5);
            flags.put("enrichment.bedrock.max-backoff-ms", 40);
            java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
            software.amazon.awssdk.auth.credentials.AwsCredentialsProvider none = () -> {
                lookups.incrementAndGet();
                throw SdkClientException.create("Unable to load credentials from any of the providers in the chain. "
                        + "EnvironmentVariableCredentialsProvider(): missing; ProfileCredentialsProvider(): missing");
            };
            try (BedrockClient client = BedrockClient.create(BedrockSettings.fromConfig(
                    com.vantagepoint.scoring.config.VantageConfig.load(null, flags)), none, TimeSource.SYSTEM)) {
                BedrockClient.CallFailedException first = org.junit.jupiter.api.Assertions.assertThrows(
                        BedrockClient.CallFailedException.class, () -> client.converse("s", "u", 100));
                assertTrue(first.getMessage().startsWith("SdkClientException: Unable to load credentials"), first.getMessage());
                assertFalse(first.getMessage().contains("ProfileCredentialsProvider"), "the chain is not dumped");
                long start = System.nanoTime();
                for (int i = 0; i < 50; i++) {
                    BedrockClient.CallFailedException later = org.junit.jupiter.api.Assertions.assertThrows(
                            BedrockClient.CallFailedException.class, () -> client.converse("s", "u", 100));
                    assertTrue(later.getMessage().startsWith("Bedrock unavailable"), later.getMessage());
                }
                assertTrue(System.nanoTime() - start < 1_000_000_000L, "fifty later calls in under a second");
                org.junit.jupiter.api.Assertions.assertEquals(1, lookups.get(), "credentials looked up once");
                org.junit.jupiter.api.Assertions.assertEquals(0, server.requestCount());
            }
        }
    }
}
