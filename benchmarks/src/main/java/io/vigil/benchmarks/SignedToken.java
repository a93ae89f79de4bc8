package io.vigil.benchmarks;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A client's RS256 token (2048-bit key, the gateway's issuer, audience and claims) and a smallrye-jwt
 * parser checking it as the gateway does: signature, issuer, audience, expiry.
 */
record SignedToken(DefaultJWTParser parser, String token) {

    static final String ISSUER = "https://vigil.local/dev";

    static SignedToken create() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        String token = Jwt.issuer(ISSUER).audience("vigil-api").subject("client-1").groups(Set.of("transactions:write"))
                .claim("tenant", "acme").expiresIn(3600).sign(keys.getPrivate());
        JWTAuthContextInfo info = new JWTAuthContextInfo((RSAPublicKey) keys.getPublic(), ISSUER);
        info.setExpectedAudience(Set.of("vigil-api"));
        return new SignedToken(new DefaultJWTParser(info), token);
    }

    JsonWebToken verify() throws ParseException {
        return parser.parse(token);
    }
}
