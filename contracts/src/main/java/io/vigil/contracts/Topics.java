package io.vigil.contracts;

import java.util.List;

/** Kafka topic names and partition counts. Every topic is keyed by walletId so one wallet's events stay ordered. */
public final class Topics {
    /** Transactions pushed by payment systems for scoring. */
    public static final String TRANSACTIONS = "vigil.transactions";
    /** Every scored transaction (REST or Kafka path); starts a saga. */
    public static final String SCORED = "vigil.transactions.scored";
    /** Final decisions for the payment system. */
    public static final String DECISIONS = "vigil.decisions";
    /** Orchestrator to history participant (enrichment-service). */
    public static final String HISTORY_COMMANDS = "vigil.saga.history.commands";
    /** History participant replies to the orchestrator. */
    public static final String HISTORY_REPLIES = "vigil.saga.history.replies";
    /** Payment cancelled upstream; compensates the saga. */
    public static final String CANCELLATIONS = "vigil.transactions.cancelled";
    /** Poison or invalid transaction events, with the reason in headers. */
    public static final String TRANSACTIONS_DLQ = "vigil.transactions.dlq";
    /** Poison saga messages, with the reason in headers. */
    public static final String SAGA_DLQ = "vigil.saga.dlq";

    /** Bench mode only: the Kafka publish of the bare hop chain (see docs/benchmarks.md). */
    public static final String BENCH_HOPS = "vigil.bench.hops";

    public static final int PARTITIONS = 6;

    public record TopicSpec(String name, int partitions) {}

    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(TRANSACTIONS, PARTITIONS),
            new TopicSpec(SCORED, PARTITIONS),
            new TopicSpec(DECISIONS, PARTITIONS),
            new TopicSpec(HISTORY_COMMANDS, PARTITIONS),
            new TopicSpec(HISTORY_REPLIES, PARTITIONS),
            new TopicSpec(CANCELLATIONS, PARTITIONS),
            new TopicSpec(TRANSACTIONS_DLQ, 1),
            new TopicSpec(SAGA_DLQ, 1));

    /** Header carrying why a message went to a dead-letter topic. */
    public static final String DLQ_REASON_HEADER = "vigil-dlq-reason";

    /** Header carrying the UTF-8 size of a dead letter's value as read, when it was cut ({@link DeadLetterText}). */
    public static final String DLQ_TRUNCATED_HEADER = "vigil-dlq-truncated-from-bytes";

    /** The same for a dead letter's key. */
    public static final String DLQ_KEY_TRUNCATED_HEADER = "vigil-dlq-key-truncated-from-bytes";

    private Topics() {}
}
