package io.vigil.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import au.com.dius.pact.core.matchers.BodyTypeMismatch;
import au.com.dius.pact.core.model.ContentType;
import au.com.dius.pact.core.model.OptionalBody;
import au.com.dius.pact.core.model.V4Interaction;
import au.com.dius.pact.core.support.Result;
import au.com.dius.pact.provider.BodyComparisonResult;
import au.com.dius.pact.provider.ComparisonResult;
import au.com.dius.pact.provider.ResponseComparison;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a message the running service produced against a message pact, with pact-jvm's own
 * comparison. pact-jvm's {@code MessageTestTarget} would look up {@code @PactVerifyProvider} methods
 * with ClassGraph, which cannot scan Quarkus' test class loader (the failure behind quarkus-pact's
 * issue #276), so the test produces the message inside the application and compares it here.
 */
public final class MessagePactAssertions {

    private MessagePactAssertions() {}

    public static void assertHonoured(V4Interaction.AsynchronousMessage expected, String topic, String payload) {
        ComparisonResult result = ResponseComparison.Companion.compareMessage(expected,
                OptionalBody.body(payload.getBytes(StandardCharsets.UTF_8), ContentType.getJSON()),
                Map.of("topic", topic, "contentType", "application/json"));
        List<String> mismatches = new ArrayList<>();
        result.getMetadataMismatches().forEach((key, list) -> list.forEach(m -> mismatches.add("metadata " + key
                + ": " + m.getMismatch())));
        Result<BodyComparisonResult, BodyTypeMismatch> body = result.getBodyMismatches();
        if (body instanceof Result.Err<?> typeMismatch) {
            mismatches.add(((BodyTypeMismatch) typeMismatch.getError()).description());
        } else if (body instanceof Result.Ok<?> compared) {
            ((BodyComparisonResult) compared.getValue()).getMismatches().forEach((path, list) -> list.forEach(m -> mismatches.add(path + ": "
                    + m.getMismatch())));
        }
        assertTrue(mismatches.isEmpty(), () -> "message '" + expected.getDescription() + "' does not honour the pact:\n  "
                + String.join("\n  ", mismatches) + "\nactual payload: " + payload);
    }
}
