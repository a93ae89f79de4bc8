package io.vigil.ml.pact;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replays every consumer's pact for ml-engine (today enrichment-service's {@code POST /v1/score})
 * against the running service with its bundled model.
 */
@QuarkusTest
@Provider("ml-engine")
@PactFolder("../contracts/pacts")
class MlEngineProviderPactTest {

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void target(PactVerificationContext context) {
        context.setTarget(new HttpTestTarget(root.getHost(), root.getPort()));
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void honoursThePact(PactVerificationContext context) {
        context.verifyInteraction();
    }

    @State("the champion model is loaded")
    void championLoaded() {
        given().when().get("/v1/models").then().statusCode(200).body("champion.status", equalTo("READY"));
    }
}
