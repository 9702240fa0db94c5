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
}
