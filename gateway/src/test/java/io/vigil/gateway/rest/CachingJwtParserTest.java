package io.vigil.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.util.KeyUtils;
import io.vigil.gateway.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CachingJwtParserTest {

    private final MovableClock clock = new MovableClock();
    private CountingParser verifier;
    private CachingJwtParser parser;

    @BeforeEach
    void setUp() throws Exception {
        RSAPublicKey key = (RSAPublicKey) KeyUtils.decodePublicKey(
                Files.readString(Path.of("..", "config", "dev", "jwt-dev-public.pem")));
        JWTAuthContextInfo info = new JWTAuthContextInfo(key, Tokens.ISSUER);
        info.setExpectedAudience(Set.of(Tokens.AUDIENCE));
        verifier = new CountingParser(info);
        parser = new CachingJwtParser(verifier, clock, 3);
    }

    @Test
    void aTokenIsVerifiedOnceAndItsLaterRequestsReuseTheVerifiedToken() throws Exception {
        String token = Tokens.valid("acme", "transactions:write");

        JsonWebToken first = parser.parse(token);
        JsonWebToken second = parser.parse(token);

        assertEquals(1, verifier.calls);
        assertSame(first, second);
        assertEquals("acme", second.getClaim("tenant"));
    }

    @Test
    void theTokenHandedOutAnswersEveryClaimAsTheVerifiedOneDoes() throws Exception {
        String token = Tokens.forSubject("acme", "client-7", "premium", "transactions:write", "analyst");
        JsonWebToken verified = verifier.parse(token);

        JsonWebToken handedOut = parser.parse(token);

        assertEquals(verified.getClaimNames(), handedOut.getClaimNames());
        for (String claim : verified.getClaimNames()) {
            assertEquals((Object) verified.getClaim(claim), handedOut.getClaim(claim), claim);
        }
        assertEquals("acme", handedOut.getClaim("tenant"));
        assertEquals("premium", handedOut.getClaim("tier"));
        assertEquals(Set.of("transactions:write", "analyst"), handedOut.getGroups());
        assertEquals("client-7", handedOut.getSubject());
        assertEquals(verified.getName(), handedOut.getName());
        assertEquals(token, handedOut.getRawToken());
        assertEquals(verified.getExpirationTime(), handedOut.getExpirationTime());
        assertNull(handedOut.getClaim("no-such-claim"));
    }

    @Test
    void aCachedTokenIsVerifiedAgainAfterAMinute() throws Exception {
        String token = Tokens.valid("acme", "transactions:write");
        parser.parse(token);

        clock.advance(CachingJwtParser.MAX_AGE.plusMillis(1));
        parser.parse(token);

        assertEquals(2, verifier.calls);
    }

    @Test
    void aCachedTokenIsVerifiedAgainOnceItHasExpired() throws Exception {
        String token = Tokens.valid("acme", "transactions:write");
        parser.parse(token);

        // The tokens expire 300 s after issue; the cache's clock passes that, the verifier's does not.
        clock.advance(Duration.ofSeconds(301));
        parser.parse(token);

        assertEquals(2, verifier.calls);
    }

    @Test
    void aTokenThatFailsVerificationIsNeverCached() {
        String expired = Tokens.expired();
        String tampered = tamper(Tokens.valid("acme", "transactions:write"));

        assertThrows(ParseException.class, () -> parser.parse(expired));
        assertThrows(ParseException.class, () -> parser.parse(expired));
        assertThrows(ParseException.class, () -> parser.parse(tampered));

        assertEquals(3, verifier.calls);
        assertEquals(0, parser.size());
    }

    @Test
    void aCopyWithAnotherSignatureIsVerifiedOnItsOwn() throws Exception {
        String token = Tokens.valid("acme", "transactions:write");
        parser.parse(token);

        assertThrows(ParseException.class, () -> parser.parse(tamper(token)));
        assertEquals(2, verifier.calls);
    }

    @Test
    void theCacheStaysWithinItsBound() throws Exception {
        for (int i = 0; i < 5; i++) {
            parser.parse(Tokens.valid("acme", "transactions:write"));
        }

        assertEquals(2, parser.size());
        assertEquals(5, verifier.calls);
    }

    /** The same header and claims with one character inside the signature changed (not the last: padding bits). */
    private static String tamper(String token) {
        int at = token.length() - 20;
        char c = token.charAt(at);
        return token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
    }

    private static final class CountingParser extends DefaultJWTParser {
        int calls;

        CountingParser(JWTAuthContextInfo info) {
            super(info);
        }

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            calls++;
            return super.parse(token);
        }
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
