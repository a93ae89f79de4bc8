package io.vigil.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.vigil.gateway.rest.CachingJwtParser;
import jakarta.inject.Inject;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
@QuarkusTestResource(UpstreamsResource.class)
class AuthenticationTest {

    Upstreams upstreams;

    @Inject
    JWTParser parser;

    @BeforeEach
    void stubCases() {
        upstreams.reset();
        upstreams.saga().stubFor(get(urlPathEqualTo("/v1/cases")).willReturn(okJson("[]")));
    }

    @Test
    void bearerTokensAreVerifiedThroughTheCacheOfVerifiedTokens() {
        assertInstanceOf(CachingJwtParser.class, parser);
    }

    static Stream<Arguments> badTokens() {
        return Stream.of(
                Arguments.of("expired", Tokens.expired()),
                Arguments.of("wrong issuer", Tokens.wrongIssuer()),
                Arguments.of("wrong audience", Tokens.wrongAudience()),
                Arguments.of("signed with another key", Tokens.signedWithAnotherKey()),
                Arguments.of("alg none", Tokens.algNone()),
                Arguments.of("HS256 keyed with the public key", Tokens.hs256WithPublicKey()),
                Arguments.of("no tenant claim", Tokens.withoutTenant()),
                Arguments.of("a tenant a header would carry as another's",
                        Tokens.valid("\u0141\u00f3d\u017a", "analyst")),
                Arguments.of("a tenant the Kafka path refuses", Tokens.valid("acme corp", "analyst")),
                Arguments.of("garbage", "not-a-jwt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void badTokenIsRefusedWith401Problem(String name, String token) {
        given().auth().oauth2(token)
                .when().get("/v1/cases")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"));
        upstreams.saga().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void missingTokenIsRefusedWith401Problem() {
        given().when().get("/v1/cases")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("status", equalTo(401));
    }

    @Test
    void missingRoleIsRefusedWith403Problem() {
        given().auth().oauth2(Tokens.valid("acme", "transactions:write"))
                .when().get("/v1/cases")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403))
                .body("title", equalTo("Forbidden"));
    }

    @Test
    void validTokenWithRoleIsServed() {
        given().auth().oauth2(Tokens.valid("acme", "analyst"))
                .when().get("/v1/cases")
                .then().statusCode(200)
                .header("X-Correlation-Id", not(equalTo("")));
    }
}
