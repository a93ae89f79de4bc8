package io.vigil.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/vigil demo}: through the running platform's public API, gives a fresh wallet three weeks
 * of habitual payments (one device, home country, a few merchants), then sends one more habitual
 * payment and an account-takeover-like one (new device, new country, large amount), and prints the
 * decisions with their reasons.
 */
final class Demo {

    private static final Pattern DECISION = Pattern.compile("\"decision\":\"(\\w+)\"");
    private static final Pattern SCORE = Pattern.compile("\"score\":([0-9.Ee-]+)");
    private static final Pattern REASON = Pattern.compile("\"code\":\"([A-Z_0-9]+)\",\"detail\":\"([^\"]*)\"");

    private final PlatformConfig config;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String token;

    Demo(PlatformConfig config) {
        this.config = config;
        this.token = DevToken.sign(config.repo().resolve("config/dev/jwt-dev-private.pem"), "demo-client", "acme",
                List.of("transactions:write"), Duration.ofMinutes(30));
    }

    int run() throws IOException, InterruptedException {
        String wallet = "w-demo-" + UUID.randomUUID().toString().substring(0, 8);
        Random random = new Random(7);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> merchants = List.of("m-grocer", "m-cafe", "m-fuel");
        List<String> categories = List.of("5411", "5814", "5541");
        System.out.println("wallet " + wallet + ": 21 days of habitual payments (device d-home, FR)...");
        for (int day = 21; day >= 1; day--) {
            int m = random.nextInt(merchants.size());
            String amount = String.format(Locale.ROOT, "%.2f", 25 + random.nextDouble() * 40);
            Instant at = now.minus(day, ChronoUnit.DAYS).minus(random.nextInt(240), ChronoUnit.MINUTES);
            String answer = post(wallet, amount, merchants.get(m), categories.get(m), "FR", "d-home", "CARD_PRESENT", at);
            if (!answer.contains("\"decision\"")) {
                System.err.println("the platform refused a history payment: " + answer);
                return 1;
            }
        }
        System.out.println();
        show("habitual payment", post(wallet, "41.30", "m-grocer", "5411", "FR", "d-home", "CARD_PRESENT", now));
        show("account-takeover-like payment",
                post(wallet, "1490.00", "m-electronics-online", "5732", "BR", "d-unknown-android", "ECOM",
                        now.plusSeconds(1)));
        return 0;
    }

    private String post(String wallet, String amount, String merchant, String mcc, String country, String device,
            String channel, Instant at) throws IOException, InterruptedException {
        String body = String.format(Locale.ROOT,
                "{\"transactionId\":\"tx-%s\",\"walletId\":\"%s\",\"amount\":\"%s\",\"currency\":\"EUR\","
                        + "\"merchantId\":\"%s\",\"merchantCategory\":\"%s\",\"channel\":\"%s\",\"country\":\"%s\","
                        + "\"deviceId\":\"%s\",\"ipAddress\":\"192.0.2.44\",\"occurredAt\":\"%s\"}",
                UUID.randomUUID(), wallet, amount, merchant, mcc, channel, country, device, at);
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + config.gatewayPort() + "/v1/transactions"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void show(String label, String answer) {
        Matcher d = DECISION.matcher(answer);
        Matcher s = SCORE.matcher(answer);
        if (!d.find() || !s.find()) {
            System.out.println(label + ": " + answer);
            return;
        }
        System.out.printf(Locale.ROOT, "%-30s %-8s score %.4f%n", label, d.group(1), Double.parseDouble(s.group(1)));
        Matcher r = REASON.matcher(answer);
        while (r.find()) {
            System.out.printf("    %-26s %s%n", r.group(1), r.group(2));
        }
    }
}
