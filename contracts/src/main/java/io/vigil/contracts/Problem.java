package io.vigil.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** RFC 7807 problem details, used by every service for errors. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field: {@code field} is a JSON path such as {@code amount} or {@code body}. */
    public record FieldError(String field, String message) {}

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null);
    }
}
