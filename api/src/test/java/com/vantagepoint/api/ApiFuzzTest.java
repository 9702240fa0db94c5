package com.vantagepoint.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Schemathesis (PyPI) fuzzes every route of the running server from its own {@code /openapi.json}, as a viewer and
 * as an analyst, with every check it has but negative-data rejection (see below): no 5xx, every response (errors included) matching the document's status
 * codes, content types, headers and schemas ({@code {error, detail}} for errors), schema-valid requests accepted, 405 with {@code Allow} for a method a path does not serve. Skipped, saying why, when schemathesis is not installed (set
 * {@code VANTAGEPOINT_SCHEMATHESIS} to its executable; {@code .ci/run} installs it), except under {@code CI=true}.
 */
class ApiFuzzTest {
    private static ApiFixture api;

    @BeforeAll
    static void start() throws Exception {
        Path exe = Path.of(System.getenv().getOrDefault("VANTAGEPOINT_SCHEMATHESIS", "/tmp/vp-fuzz/bin/schemathesis"));
        boolean required = "true".equalsIgnoreCase(System.getenv("CI"));
        if (!Files.isExecutable(exe)) {
            if (required) {
                throw new IllegalStateException("CI=true but schemathesis is not at " + exe + " (.ci/run installs it)");
            }
            Assumptions.abort("schemathesis not installed at " + exe + "; pip install schemathesis and set VANTAGEPOINT_SCHEMATHESIS");
        }
        // Generous limits: the fuzzer sends hundreds of requests a minute, and 429 is not what is under test here.
        api = ApiFixture.start(TestWarehouse.get(), Map.of("api.rag.requests-per-minute", 100_000,
                "api.auth.max-failed-logins", 100_000));
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @ParameterizedTest(name = "as {0}")
    @ValueSource(strings = {"viewer1", "analyst1"})
    void everyRouteHoldsToItsDocument(String user) throws Exception {
        Path exe = Path.of(System.getenv().getOrDefault("VANTAGEPOINT_SCHEMATHESIS", "/tmp/vp-fuzz/bin/schemathesis"));
        Path report = Files.createTempFile("schemathesis-" + user, ".txt");
        List<String> command = new ArrayList<>(List.of(exe.toString(), "--config-file", config().toString(), "run",
                api.base() + "/openapi.json",
                "--header", "Authorization: Bearer " + api.token(user),
                "--checks", "all",
                // The API reads an empty optional parameter (offset=, limit=, risk_tier=) as absent, as the dashboard
                // sends them; schemathesis counts that as accepting invalid data, so its negative check is off.
                "--exclude-checks", "negative_data_rejection", "--max-examples", "50", "--workers", "1", "--seed", "7",
                "--phases", "examples,coverage,fuzzing", "--no-color"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(report.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("schemathesis did not finish in 10 minutes");
        }
        String output = Files.readString(report, StandardCharsets.UTF_8);
        System.out.println("[schemathesis as " + user + "]\n" + summary(output));
        assertEquals(0, p.exitValue(), output);
    }

    /**
     * An industry filter names one of the run's industries (a data value the document cannot list; an unknown one is a
     * 400 with the known ones, covered by the API tests).
     */
    private static Path config() throws Exception {
        List<String> industries = new ArrayList<>();
        api.get("/api/dashboard?limit=1", api.token("viewer1")).json().at("/summary/industries")
                .forEach(i -> industries.add("\"" + i.asText() + "\""));
        Path toml = Files.createTempFile("schemathesis", ".toml");
        Files.writeString(toml, "[dictionaries.industries]\nvalues = [" + String.join(", ", industries) + "]\n\n"
                + "[parameters]\n\"query.industry\" = { dictionary = \"industries\" }\n");
        return toml;
    }

    /** The summary block schemathesis prints last (operations, test cases, checks, failures). */
    private static String summary(String output) throws IOException {
        int at = output.lastIndexOf("SUMMARY");
        return at < 0 ? output : output.substring(at);
    }
}
