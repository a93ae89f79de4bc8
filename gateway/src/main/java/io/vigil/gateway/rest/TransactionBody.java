package io.vigil.gateway.rest;

import io.vigil.contracts.Channel;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * OpenAPI description of the {@code POST /v1/transactions} body. The endpoint reads the raw bytes
 * and validates them itself, so this record documents the shape and is never bound.
 */
@Schema(name = "TransactionRequest")
record TransactionBody(
        @Schema(required = true, pattern = "[A-Za-z0-9._:-]{1,128}") String transactionId,
        @Schema(required = true, pattern = "[A-Za-z0-9._:-]{1,128}") String walletId,
        @Schema(required = true, description = "Decimal number or string, > 0, at most the currency's minor-unit decimals",
                example = "42.50") String amount,
        @Schema(required = true, description = "ISO 4217", example = "EUR") String currency,
        @Schema(required = true, maxLength = 128) String merchantId,
        @Schema(required = true, description = "4-digit MCC", pattern = "\\d{4}") String merchantCategory,
        @Schema(required = true) Channel channel,
        @Schema(required = true, description = "ISO 3166-1 alpha-2", example = "FR") String country,
        @Schema(required = true, maxLength = 128) String deviceId,
        @Schema(required = true, description = "IPv4 or IPv6") String ipAddress,
        @Schema(required = true, description = "ISO-8601 with offset, from 1970 to 5 minutes in the future",
                example = "2026-11-23T10:15:30Z") String occurredAt) {}
