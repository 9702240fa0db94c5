package com.vantagepoint.scoring.snowflake;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads a secret's text from AWS Secrets Manager (SDK v2 over the JDK's URL connection, as Bedrock does). Failures
 * become {@link IllegalStateException}s with a one-line cause; the secret's value never appears in them.
 */
public final class SecretsManagerReader {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Optional<URI> endpoint;
    private final Optional<String> region;
    private final AwsCredentialsProvider credentials;

    /**
     * @param endpoint    a custom endpoint (a local test server); empty: AWS's
     * @param region      the signing region; empty: the SDK's region chain (AWS_REGION, profile, instance)
     * @param credentials who asks
     */
    public SecretsManagerReader(Optional<URI> endpoint, Optional<String> region, AwsCredentialsProvider credentials) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
    }

    /** From {@code vantagepoint.snowflake}'s {@code secret-endpoint} and {@code secret-region}, default credentials. */
    public static SecretsManagerReader fromConfig(Config sf) {
        String endpoint = sf.getString("secret-endpoint").trim();
        if (!endpoint.isEmpty() && !endpoint.matches("(?i)https?://.+")) {
            throw new ConfigException.BadValue("vantagepoint.snowflake.secret-endpoint", "needs a scheme (http:// or https://)");
        }
        String region = sf.getString("secret-region").trim();
        return new SecretsManagerReader(endpoint.isEmpty() ? Optional.empty() : Optional.of(URI.create(endpoint)),
                region.isEmpty() ? Optional.empty() : Optional.of(region), DefaultCredentialsProvider.builder().build());
    }

    /** The secret's current text ({@code SecretString}). */
    public String read(String secretId) {
        try (SecretsManagerClient client = client()) {
            GetSecretValueResponse value = client.getSecretValue(b -> b.secretId(secretId));
            if (value.secretString() == null) {
                throw new IllegalStateException("holds binary data, not a JSON text");
            }
            return value.secretString();
        } catch (ResourceNotFoundException e) {
            throw new IllegalStateException("no such secret (" + serviceMessage(e) + ")");
        } catch (AwsServiceException e) {
            // access denied, a KMS key the caller may not use, a throttle: the service's own words
            throw new IllegalStateException(serviceMessage(e));
        } catch (SdkClientException e) {
            throw new IllegalStateException("cannot call Secrets Manager" + endpoint.map(u -> " at " + u).orElse("")
                    + ": " + firstLine(e.getMessage()));
        }
    }

    private SecretsManagerClient client() {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(CALL_TIMEOUT))
                .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT));
        endpoint.ifPresent(builder::endpointOverride);
        region.map(Region::of).ifPresent(builder::region);
        return builder.build();
    }

    /** The service's error code and message; only the HTTP status when the answer could not be parsed. */
    private static String serviceMessage(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if (code == null || code.isBlank()) {
            return (e.statusCode() == 403 ? "access denied" : "refused") + " (HTTP " + e.statusCode() + ")";
        }
        return code + ": " + firstLine(e.awsErrorDetails().errorMessage());
    }

    private static String firstLine(String message) {
        return message == null ? "no detail" : message.lines().findFirst().orElse("no detail");
    }
}
