package com.vantagepoint.scoring.analysis.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake speaks the wire format the real SDK expects: replies, usage and typed errors. */
class FakeBedrockServerTest {
    private FakeBedrockServer server;
    private BedrockRuntimeClient client;

    @BeforeEach
    void start() {
        server = FakeBedrockServer.start();
        BedrockSettings settings = BedrockTestSupport.settings(server, Map.of());
        client = BedrockClient.buildSdkClient(settings,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private ConverseRequest request(String user) {
        return ConverseRequest.builder().modelId("amazon.nova-micro-v1:0")
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(user)).build())
                .build();
    }

    @Test
    void answersConverseWithOneResultPerTranscript() throws Exception {
        String user = BedrockPrompt.load("v1").user(List.of("The invoice is wrong", "Love the new dashboard"));
        ConverseResponse response = client.converse(request(user));
        assertEquals("end_turn", response.stopReasonAsString());
        assertTrue(response.usage().inputTokens() > 0 && response.usage().outputTokens() > 0);
        assertEquals(response.usage().inputTokens() + response.usage().outputTokens(), response.usage().totalTokens());
        JsonNode results = new ObjectMapper().readTree(response.output().message().content().get(0).text()).get("results");
        assertEquals(2, results.size());
        assertEquals("t1", results.get(0).get("id").asText());
        assertEquals("billing", results.get(0).get("category").asText());
        assertEquals(FakeBedrockServer.sentimentOf("Love the new dashboard"), results.get(1).get("sentiment").asDouble());

        FakeBedrockServer.RecordedRequest recorded = server.requests().get(0);
        assertEquals("amazon.nova-micro-v1:0", recorded.modelId());
        assertEquals(2, recorded.transcripts().size());
    }

    @Test
    void throttlingAndServerErrorsArriveAsTypedSdkExceptions() {
        server.throttleShare(1.0);
        ThrottlingException t = assertThrows(ThrottlingException.class, () -> client.converse(request("hi")));
        assertEquals(429, t.statusCode());
        assertTrue(t.getMessage().contains("Too many requests"));
        assertTrue(BedrockClient.isThrottle(t) && BedrockClient.isRetryable(t));

        server.throttleShare(0).serverErrorShare(1.0);
        InternalServerException e = assertThrows(InternalServerException.class, () -> client.converse(request("hi")));
        assertEquals(500, e.statusCode());
        assertTrue(BedrockClient.isRetryable(e) && !BedrockClient.isThrottle(e));
    }

    @Test
    void theAnalyzerSendsSystemPromptAndDeterministicInference() throws Exception {
        try (BedrockAnalyzer analyzer = BedrockTestSupport.analyzer(
                BedrockTestSupport.settings(server, Map.of()), new KeywordFallbackAnalyzer()).build()) {
            analyzer.analyze("The app is slow");
        }
        JsonNode body = new ObjectMapper().readTree(server.requests().get(0).body());
        assertTrue(body.get("system").get(0).get("text").asText().contains("JSON only"));
        assertEquals("user", body.get("messages").get(0).get("role").asText());
        assertEquals(0.0, body.get("inferenceConfig").get("temperature").asDouble());
        assertTrue(body.get("inferenceConfig").get("maxTokens").asInt() > 0);
    }
}
