package io.vigil.enrichment.support;

import io.vigil.contracts.Channel;
import io.vigil.contracts.Transaction;
import java.math.BigDecimal;
import java.time.Instant;

/** Builds test transactions with sensible defaults. */
public final class Tx {

    private String tenant;
    private String id;
    private String wallet;
    private BigDecimal amount = new BigDecimal("10.00");
    private String currency = "EUR";
    private String merchant = "m-1";
    private String mcc = "5411";
    private Channel channel = Channel.ECOM;
    private String country = "FR";
    private String device = "dev-1";
    private String ip = "10.0.0.1";
    private Instant at;

    private Tx() {}

    public static Tx of(String tenant, String wallet, String id, Instant at) {
        Tx tx = new Tx();
        tx.tenant = tenant;
        tx.wallet = wallet;
        tx.id = id;
        tx.at = at;
        return tx;
    }

    public Tx amount(String value) {
        amount = new BigDecimal(value);
        return this;
    }

    public Tx merchant(String value) {
        merchant = value;
        return this;
    }

    public Tx mcc(String value) {
        mcc = value;
        return this;
    }

    public Tx country(String value) {
        country = value;
        return this;
    }

    public Tx device(String value) {
        device = value;
        return this;
    }

    public Tx currency(String value) {
        currency = value;
        return this;
    }

    public Transaction build() {
        return new Transaction(tenant, id, wallet, amount, currency, merchant, mcc, channel, country, device, ip, at);
    }
}
