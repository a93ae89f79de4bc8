package io.vigil.gateway;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Mints test tokens with the committed dev key pair, and the forged ones the gateway must refuse. */
public final class Tokens {

    public static final String ISSUER = "https://vigil.local/dev";
    public static final String AUDIENCE = "vigil-api";
    private static final Path DEV_KEYS = Path.of("..", "config", "dev");
    private static final PrivateKey DEV_PRIVATE_KEY = load("jwt-dev-private.pem");

    private Tokens() {}

    /** A valid token for a fresh subject of {@code tenant}, so tests never share a rate-limit bucket. */
    public static String valid(String tenant, String... roles) {
        return builder(tenant, "client-" + UUID.randomUUID(), roles).sign(DEV_PRIVATE_KEY);
    }

    public static String forSubject(String tenant, String subject, String tier, String... roles) {
        return builder(tenant, subject, roles).claim("tier", tier).sign(DEV_PRIVATE_KEY);
    }

    public static String expired() {
        Instant twoMinutesAgo = Instant.now().minusSeconds(120);
        return builder("acme", "expired", "transactions:write")
                .issuedAt(twoMinutesAgo.minusSeconds(300))
                .expiresAt(twoMinutesAgo)
                .sign(DEV_PRIVATE_KEY);
    }

    public static String wrongIssuer() {
        return builder("acme", "c", "transactions:write").issuer("https://evil.example").sign(DEV_PRIVATE_KEY);
    }

    public static String wrongAudience() {
        return builder("acme", "c", "transactions:write").audience("another-api").sign(DEV_PRIVATE_KEY);
    }

    public static String withoutTenant() {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("c").groups("transactions:write").expiresIn(300)
                .sign(DEV_PRIVATE_KEY);
    }

    public static String signedWithAnotherKey() {
        try {
            KeyPair other = KeyUtils.generateKeyPair(2048);
            return builder("acme", "c", "transactions:write").sign(other.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}: valid claims, no signature. */
    public static String algNone() {
        return encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + encode(claims()) + ".";
    }

    /** The classic key-confusion forgery: HS256 keyed with the bytes of the server's public key. */
    public static String hs256WithPublicKey() {
        try {
            byte[] secret = Files.readAllBytes(DEV_KEYS.resolve("jwt-dev-public.pem"));
            String signingInput = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + encode(claims());
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static io.smallrye.jwt.build.JwtClaimsBuilder builder(String tenant, String subject, String... roles) {
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .groups(Set.of(roles))
                .claim("tenant", tenant)
                .expiresIn(300);
    }

    private static String claims() {
        long now = Instant.now().getEpochSecond();
        return "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"forger\",\"tenant\":\"acme\","
                + "\"groups\":[\"transactions:write\",\"analyst\"],\"iat\":" + now + ",\"exp\":" + (now + 300) + "}";
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static PrivateKey load(String file) {
        try {
            return KeyUtils.decodePrivateKey(Files.readString(DEV_KEYS.resolve(file)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the dev key " + DEV_KEYS.resolve(file), e);
        }
    }
}
