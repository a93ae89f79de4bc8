package io.vigil.training.data;

import io.vigil.contracts.Channel;
import io.vigil.contracts.Transaction;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV form of a generated data set: the {@link Transaction} fields, then {@code label} (0/1) and
 * {@code scenario}. Generated values never contain commas or quotes, so no quoting is needed; the reader
 * refuses anything else.
 */
public final class CsvDataset {

    public static final String HEADER = "tenant,transactionId,walletId,amount,currency,merchantId,merchantCategory,"
            + "channel,country,deviceId,ipAddress,occurredAt,label,scenario";
    private static final int COLUMNS = 14;

    private CsvDataset() {}

    public static void write(List<LabelledTransaction> rows, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            StringBuilder line = new StringBuilder(192);
            for (LabelledTransaction row : rows) {
                Transaction t = row.transaction();
                line.setLength(0);
                line.append(t.tenant()).append(',').append(t.transactionId()).append(',').append(t.walletId())
                        .append(',').append(t.amount().toPlainString()).append(',').append(t.currency())
                        .append(',').append(t.merchantId()).append(',').append(t.merchantCategory())
                        .append(',').append(t.channel().name()).append(',').append(t.country())
                        .append(',').append(t.deviceId()).append(',').append(t.ipAddress())
                        .append(',').append(t.occurredAt()).append(',').append(row.fraud() ? '1' : '0')
                        .append(',').append(row.scenario().label()).append('\n');
                out.append(line);
            }
        }
    }

    public static List<LabelledTransaction> read(Path file) throws IOException {
        List<LabelledTransaction> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (!HEADER.equals(header)) {
                throw new IOException("unexpected header in " + file + ": " + header);
            }
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String[] c = line.split(",", -1);
                if (c.length != COLUMNS) {
                    throw new IOException(file + ":" + lineNo + ": expected " + COLUMNS + " columns, got " + c.length);
                }
                Transaction t = new Transaction(c[0], c[1], c[2], new BigDecimal(c[3]), c[4], c[5], c[6],
                        Channel.valueOf(c[7]), c[8], c[9], c[10], Instant.parse(c[11]));
                rows.add(new LabelledTransaction(t, "1".equals(c[12]), Scenario.fromLabel(c[13])));
            }
        }
        return rows;
    }
}
