package io.vigil.gateway.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.vigil.contracts.Channel;
import io.vigil.contracts.Headers;
import io.vigil.contracts.Problem.FieldError;
import io.vigil.contracts.Transaction;
import io.vigil.gateway.config.GatewayConfig;
import io.vigil.gateway.model.TransactionRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and validates a {@code POST /v1/transactions} body by hand rather than through data binding,
 * so every problem of a body is reported at once, each with its JSON path, and no input can surface
 * as a 500.
 */
@ApplicationScoped
public class TransactionRequestParser {

    private static final Set<String> FIELDS = Set.of("transactionId", "walletId", "amount", "currency", "merchantId",
            "merchantCategory", "channel", "country", "deviceId", "ipAddress", "occurredAt");

    /** Ids end up in URL paths of the internal APIs: keep them to URL-safe characters. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern MCC = Pattern.compile("\\d{4}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final String CHANNELS =
            Arrays.stream(Channel.values()).map(Enum::name).collect(Collectors.joining(", "));
    private static final int MAX_TEXT = 128;
    private static final int MAX_INTEGER_DIGITS = 15;
    /*
     * Characters of an amount sent as a string, checked before it is parsed: "1." and 60,000 zeros, within the
     * body's 64 KiB, held an event loop for seconds (see Transaction.MAX_AMOUNT_DIGITS).
     */
    private static final int MAX_AMOUNT_TEXT = 64;

    private final ObjectReader reader;
    private final GatewayConfig config;
    private final Clock clock;

    TransactionRequestParser(ObjectMapper mapper, GatewayConfig config, Clock clock) {
        this.reader = mapper.reader()
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.config = config;
        this.clock = clock;
    }

    /** The Idempotency-Key header: required, 1–255 visible ASCII characters. */
    public String idempotencyKey(String header) {
        if (header == null || header.isEmpty()) {
            throw ApiException.invalid("The Idempotency-Key header is required",
                    List.of(new FieldError("Idempotency-Key", "is required")));
        }
        if (!Headers.IDEMPOTENCY_KEY_FORMAT.matcher(header).matches()) {
            throw ApiException.invalid("The Idempotency-Key header is malformed",
                    List.of(new FieldError("Idempotency-Key", "must be 1 to 255 visible ASCII characters")));
        }
        return header;
    }

    public TransactionRequest parse(byte[] body) {
        JsonNode root = readTree(body);
        if (!root.isObject()) {
            throw ApiException.invalid("The body must be a JSON object",
                    List.of(new FieldError("body", "must be a JSON object")));
        }
        Fields f = new Fields(root);
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                f.error(name, "is not a known field");
            }
        }
        String transactionId = f.text("transactionId", this::id);
        String walletId = f.text("walletId", this::id);
        BigDecimal amount = f.amount();
        String currency = f.text("currency", this::currency);
        String merchantId = f.text("merchantId", TransactionRequestParser::shortText);
        String mcc = f.text("merchantCategory",
                v -> MCC.matcher(v).matches() ? null : "must be a 4-digit merchant category code");
        Channel channel = f.channel();
        String country = f.text("country", v -> COUNTRIES.contains(v) ? null : "must be an ISO 3166-1 alpha-2 country code");
        String deviceId = f.text("deviceId", TransactionRequestParser::shortText);
        String ipAddress = f.text("ipAddress", TransactionRequestParser::ipAddress);
        Instant occurredAt = f.occurredAt();
        if (amount != null && currency != null) {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            if (amount.stripTrailingZeros().scale() > digits) {
                f.error("amount", "has more than " + digits + " decimals for " + currency);
            }
        }
        if (!f.errors.isEmpty()) {
            throw ApiException.invalid("The transaction is invalid", f.errors);
        }
        return new TransactionRequest(transactionId, walletId, amount, currency, merchantId, mcc, channel, country,
                deviceId, ipAddress, occurredAt);
    }

    private JsonNode readTree(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.invalid("The body is empty", List.of(new FieldError("body", "a JSON object is required")));
        }
        try {
            return reader.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("The body is not valid JSON",
                    List.of(new FieldError("body", "malformed JSON at line " + e.getLocation().getLineNr()
                            + ", column " + e.getLocation().getColumnNr())));
        } catch (IOException e) {
            throw ApiException.invalid("The body could not be read", List.of(new FieldError("body", "unreadable")));
        }
    }

    private String id(String value) {
        return ID.matcher(value).matches() ? null : "must be 1 to 128 characters among letters, digits and . _ : -";
    }

    private String currency(String value) {
        if (!CURRENCY.matcher(value).matches()) {
            return "must be an ISO 4217 currency code";
        }
        try {
            return Currency.getInstance(value).getDefaultFractionDigits() < 0
                    ? "is not a currency payments are made in"
                    : null;
        } catch (IllegalArgumentException e) {
            return "must be an ISO 4217 currency code";
        }
    }

    private static String shortText(String value) {
        return value.isBlank() || value.length() > MAX_TEXT ? "must be 1 to " + MAX_TEXT + " characters" : null;
    }

    /** IPv4 by pattern; IPv6 by the JDK parser, which never resolves a name containing ':'. */
    private static String ipAddress(String value) {
        if (IPV4.matcher(value).matches()) {
            return null;
        }
        if (value.indexOf(':') >= 0 && IPV6_CHARS.matcher(value).matches()) {
            try {
                InetAddress.getByName(value);
                return null;
            } catch (UnknownHostException e) {
                return "must be an IPv4 or IPv6 address";
            }
        }
        return "must be an IPv4 or IPv6 address";
    }

    /** Collects field errors while reading typed values off the JSON object. */
    private final class Fields {
        private final JsonNode root;
        private final List<FieldError> errors = new ArrayList<>();

        Fields(JsonNode root) {
            this.root = root;
        }

        void error(String field, String message) {
            errors.add(new FieldError(field, message));
        }

        private JsonNode required(String field) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                error(field, "is required");
                return null;
            }
            return node;
        }

        /** A string field; {@code check} returns an error message or null. */
        String text(String field, Function<String, String> check) {
            JsonNode node = required(field);
            if (node == null) {
                return null;
            }
            if (!node.isTextual()) {
                error(field, "must be a string");
                return null;
            }
            String message = check.apply(node.textValue());
            if (message != null) {
                error(field, message);
                return null;
            }
            return node.textValue();
        }

        BigDecimal amount() {
            JsonNode node = required("amount");
            if (node == null) {
                return null;
            }
            BigDecimal amount;
            if (node.isNumber()) {
                amount = node.decimalValue();
            } else if (node.isTextual()) {
                if (node.textValue().length() > MAX_AMOUNT_TEXT) {
                    error("amount", "must have at most " + Transaction.MAX_AMOUNT_DIGITS + " digits");
                    return null;
                }
                try {
                    amount = new BigDecimal(node.textValue().trim());
                } catch (NumberFormatException e) {
                    error("amount", "must be a decimal number");
                    return null;
                }
            } else {
                error("amount", "must be a decimal number or a string holding one");
                return null;
            }
            if (amount.signum() <= 0) {
                error("amount", "must be greater than 0");
                return null;
            }
            if (amount.precision() > Transaction.MAX_AMOUNT_DIGITS) {
                error("amount", "must have at most " + Transaction.MAX_AMOUNT_DIGITS + " digits");
                return null;
            }
            if (amount.precision() - amount.scale() > MAX_INTEGER_DIGITS) {
                error("amount", "must have at most " + MAX_INTEGER_DIGITS + " integer digits");
                return null;
            }
            return amount;
        }

        Channel channel() {
            String name = text("channel", v -> {
                try {
                    Channel.valueOf(v);
                    return null;
                } catch (IllegalArgumentException e) {
                    return "must be one of " + CHANNELS;
                }
            });
            return name == null ? null : Channel.valueOf(name);
        }

        Instant occurredAt() {
            JsonNode node = required("occurredAt");
            if (node == null) {
                return null;
            }
            if (!node.isTextual()) {
                error("occurredAt", "must be an ISO-8601 timestamp string");
                return null;
            }
            Instant occurredAt;
            try {
                occurredAt = OffsetDateTime.parse(node.textValue()).toInstant();
            } catch (DateTimeParseException e) {
                error("occurredAt", "must be an ISO-8601 timestamp with offset, e.g. 2026-11-23T10:15:30Z");
                return null;
            }
            if (occurredAt.isAfter(clock.instant().plus(config.transactions().maxFutureSkew()))) {
                error("occurredAt", "must not be more than " + config.transactions().maxFutureSkew().toSeconds()
                        + " s in the future");
                return null;
            }
            if (occurredAt.isBefore(Instant.EPOCH)) {
                // a valid ISO-8601 year such as -5000 that PostgreSQL cannot store (it ends at 4713 BC)
                error("occurredAt", "must not lie before 1970");
                return null;
            }
            return occurredAt;
        }
    }
}
