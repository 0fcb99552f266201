package io.mercato.testkit;

import io.mercato.synthetic.Zipf;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A seeded CSV session log shaped like the real ones replays meet (an e-commerce item-view export):
 * rows are <em>not</em> sorted by time, event times spread over a span much longer than the longest
 * statistics window, item popularity is long-tailed (Zipf 1.0 over {@code items}), 3% of the rows
 * repeat an earlier row a few lines later (a tracker's retries, same id and time) and about 1% are
 * broken (an unparsable date, rejected as invalid). Replaying it exercises
 * every outcome a record can have: accepted, duplicate, sampled (when sampling is on), too late and
 * invalid.
 *
 * <pre>
 * event_id,session_id,item_id,eventdate,type
 * e-17,s-3,p-12,2026-03-04 10:15:00,view
 * </pre>
 *
 * @param csv       the file's text, header first
 * @param rows      data rows (excluding the header)
 * @param broken    rows whose date cannot be parsed: rejected as invalid on field {@code timestamp}
 * @param repeated  rows that repeat an earlier row whole (same {@code event_id})
 */
public record UnsortedSessionLog(String csv, int rows, int broken, int repeated) {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /**
   * Generates {@code rows} rows with event times uniform in {@code [start, start + span)}, shuffled,
   * then the repeats; the exact numbers of broken and repeated rows are in the result.
   */
  public static UnsortedSessionLog generate(
      long seed, int rows, int items, Instant start, Duration span) {
    SplittableRandom random = new SplittableRandom(seed);
    Zipf popularity = new Zipf(items, 1.0);
    List<String> lines = new ArrayList<>(rows);
    int broken = 0;
    int unique = rows - rows * 3 / 100;
    for (int i = 0; i < unique; i++) {
      String session = "s-" + random.nextInt(Math.max(1, rows / 8));
      String item = "p-" + popularity.sample(random);
      long t = start.toEpochMilli() + (long) (random.nextDouble() * span.toMillis());
      String date = DATE.format(Instant.ofEpochMilli(t - t % 1000));
      if (random.nextInt(100) == 0) {
        date = "not-a-date";
        broken++;
      }
      String type = random.nextInt(10) == 0 ? "click" : "view";
      lines.add("e-" + i + "," + session + "," + item + "," + date + "," + type);
    }
    Collections.shuffle(lines, new Random(seed));
    // A retry follows its original closely, as a tracker resends: the same row a few lines later.
    int repeated = rows - unique;
    for (int r = 0; r < repeated; r++) {
      int original = random.nextInt(lines.size() - 1);
      String row = lines.get(original);
      broken += row.contains("not-a-date") ? 1 : 0;
      lines.add(Math.min(lines.size(), original + 1 + random.nextInt(3)), row);
    }
    return new UnsortedSessionLog(
        "event_id,session_id,item_id,eventdate,type\n" + String.join("\n", lines) + "\n",
        rows,
        broken,
        repeated);
  }
}
