package io.vigil.benchmarks;

import io.smallrye.jwt.auth.principal.ParseException;
import java.security.GeneralSecurityException;
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

    SignedToken signed;

    @Setup
    public void setUp() throws GeneralSecurityException {
        signed = SignedToken.create();
    }

    @Benchmark
    public JsonWebToken verify() throws ParseException {
        return signed.verify();
    }
}
