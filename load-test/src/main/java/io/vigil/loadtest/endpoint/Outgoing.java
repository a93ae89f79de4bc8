package io.vigil.loadtest.endpoint;

import java.net.http.HttpRequest;

/** One request to send and the transaction id it carries (to match its saga's decision). */
public record Outgoing(HttpRequest request, String transactionId) {}
