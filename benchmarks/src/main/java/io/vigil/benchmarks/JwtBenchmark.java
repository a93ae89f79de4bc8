package io.vigil.benchmarks;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** RS256 verification and claim checks with smallrye-jwt, the library the gateway uses. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JwtBenchmark {

    static final String ISSUER = "https://vigil.local/dev";

    DefaultJWTParser parser;
    String token;

    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        token = Jwt.issuer(ISSUER).audience("vigil-api").subject("client-1").groups(Set.of("transactions:write"))
                .claim("tenant", "acme").expiresIn(3600).sign(keys.getPrivate());
        JWTAuthContextInfo info = new JWTAuthContextInfo((RSAPublicKey) keys.getPublic(), ISSUER);
        info.setExpectedAudience(Set.of("vigil-api"));
        parser = new DefaultJWTParser(info);
    }

    @Benchmark
    public JsonWebToken verify() throws ParseException {
        return parser.parse(token);
    }
}
