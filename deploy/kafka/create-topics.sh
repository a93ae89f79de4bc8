#!/bin/bash
# Creates the platform's topics with the partition counts of io.vigil.contracts.Topics.ALL.
# Idempotent: an existing topic is left as it is.
set -euo pipefail
bootstrap="${1:-kafka:19092}"
topics=(
  "vigil.transactions:6"
  "vigil.transactions.scored:6"
  "vigil.decisions:6"
  "vigil.saga.history.commands:6"
  "vigil.saga.history.replies:6"
  "vigil.transactions.cancelled:6"
  "vigil.transactions.dlq:1"
  "vigil.saga.dlq:1"
)
for spec in "${topics[@]}"; do
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "${spec%%:*}" --partitions "${spec##*:}" --replication-factor 1
done
/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --list
