package io.vigil.saga.repository;

import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Conversions between the domain's {@link Instant} and PostgreSQL's timestamptz. JSON columns (json, kept
 * as written: V4__json_kept_as_written.sql) are bound as {@code CAST($n AS text)::json}, or in the batch
 * inserts as a text[] whose elements are cast: a String bound straight to a json parameter would be stored
 * as a JSON string rather than as the document it holds.
 */
final class Sql {

    private Sql() {}

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
