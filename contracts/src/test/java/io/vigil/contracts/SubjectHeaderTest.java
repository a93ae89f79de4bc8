package io.vigil.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectHeaderTest {

    @Test
    void aSubjectOfVisibleAsciiTravelsAsItIs() {
        String subject = "alice@acme.example|auth0:5f2b";
        assertSame(subject, Headers.encodeSubject(subject));
        assertSame(subject, Headers.decodeSubject(subject));
    }

    @Test
    void subjectsThatAHeaderWouldCarryAsOneStayApart() {
        assertEquals("%C5%81ukasz", Headers.encodeSubject("\u0141ukasz"));
        assertEquals("%C5%83ukasz", Headers.encodeSubject("\u0143ukasz"));
        for (String subject : List.of("\u0141ukasz", "Jos\u00e9 Mar\u00eda", "50% off", "\u674e\u56db", "tab\there")) {
            assertEquals(subject, Headers.decodeSubject(Headers.encodeSubject(subject)));
        }
    }

    @Test
    void aPercentSignNotStartingAnEscapeStandsForItselfAsAnEarlierGatewaySentIt() {
        assertEquals("100%", Headers.decodeSubject("100%"));
        assertEquals("a%zzb%4", Headers.decodeSubject("a%zzb%4"));
        assertEquals("50% off", Headers.decodeSubject("50%25%20off"));
    }
}
