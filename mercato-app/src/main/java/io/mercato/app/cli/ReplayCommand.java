package io.mercato.app.cli;

import io.mercato.app.config.ConfigOverride;
import io.mercato.app.config.MercatoConfig;
import io.mercato.app.http.EventPoster;
import io.mercato.app.replay.ConsoleProgress;
import io.mercato.app.replay.CsvMapping;
import io.mercato.app.replay.CsvSource;
import io.mercato.app.replay.EngineSink;
import io.mercato.app.replay.EventSink;
import io.mercato.app.replay.FileFormat;
import io.mercato.app.replay.HttpSink;
import io.mercato.app.replay.JsonlSource;
import io.mercato.app.replay.Pacer;
import io.mercato.app.replay.RecordSource;
import io.mercato.app.replay.ReplayProgress;
import io.mercato.app.replay.ReplaySummary;
import io.mercato.app.replay.Replayer;
import io.mercato.core.quality.SourceName;
import io.mercato.core.runtime.EngineUnavailableException;
import io.mercato.engine.Engine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mercato replay FILE}: feeds a JSONL or CSV file of events to an engine or a server. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Replay a file of events (JSONL or CSV, optionally .gz) into a data directory or a running server.",
      "",
      "JSONL: one event object per line, exactly as POST /v1/events takes them.",
      "",
      "CSV: a header row, then one event per row. Columns named like event fields (event_id, type, user_id, "
          + "item_id, ad_id, campaign_id, category, value, timestamp) are used as such, --map renames others, "
          + "and the remaining columns become string attributes. value becomes a number; timestamp may be "
          + "ISO-8601 with an offset, epoch milliseconds, a date yyyy-MM-dd (midnight UTC) or "
          + "yyyy-MM-dd HH:mm[:ss] (UTC). Without an event_id column every event gets a generated id, so "
          + "replaying a file twice counts it twice.",
      "",
      "Every record is accounted for: the summary prints read = accepted + duplicates + sampled + rejected, "
          + "the rejected ones by reason (invalid, too_late: older than the newest event time minus the longest "
          + "window and the allowed lateness) and field. Rejected records are kept in the target's dead-letter "
          + "store under the source replay:<file name>; records rejected before sending to a --target are kept "
          + "in --dead-letter-dir.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  mercato replay events.jsonl --data-dir ./mercato-data",
      "  mercato replay big.jsonl.gz --speed 5000 --json",
      "  mercato replay clicks.csv --target http://localhost:8080 \\",
      "      --map session_id=user_id,itemId=item_id,eventdate=timestamp"
    })
final class ReplayCommand implements Callable<Integer> {
  static final int MAX_CHUNK_BYTES = 1 << 20;
  private static final Duration MAX_RETRY = Duration.ofMinutes(2);
  private final CliContext ctx;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description =
          "The file to replay: jsonl, ndjson, json, csv or tsv, optionally gzipped (.gz).")
  Path file;

  @Option(
      names = "--format",
      paramLabel = "jsonl|csv",
      description = "File format (default: from the extension).")
  FileFormat format;

  @Option(
      names = "--map",
      split = ",",
      paramLabel = "COL=FIELD",
      description =
          "CSV only: column renames, e.g. session_id=user_id,itemId=item_id; "
              + "COL=attributes.NAME keeps it as an attribute, COL= drops it.")
  List<String> map = new ArrayList<>();

  @Option(
      names = "--delimiter",
      paramLabel = "CHAR",
      description = "CSV only: the separator (default: ',' or a tab for .tsv; 'tab' is accepted).")
  String delimiter;

  @ArgGroup(exclusive = true)
  Target target = new Target();

  static final class Target {
    @Option(
        names = "--target",
        paramLabel = "URL",
        description = "POST to a running server, e.g. http://localhost:8080.")
    URI url;

    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description =
            "Start an engine on DIR in this process (default: engine.data-dir, ./mercato-data). "
                + "Not while a server uses DIR.")
    Path dataDir;
  }

  @Option(
      names = "--speed",
      paramLabel = "max|N",
      defaultValue = "max",
      description =
          "Events per second, or max for as fast as the target takes them (default: ${DEFAULT-VALUE}).")
  String speed;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "500",
      description = "Events per request or ingest call (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--dead-letter-dir",
      paramLabel = "DIR",
      defaultValue = "dead-letter",
      description =
          "With --target: where records rejected before sending (a CSV row with too many values, an "
              + "over-long line) are kept, as the server keeps its own (default: ${DEFAULT-VALUE}; created when needed).")
  Path deadLetterDir;

  @Option(names = "--json", description = "Print the summary as one JSON object on stdout.")
  boolean json;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Show a progress bar on stderr (default: when attached to a terminal).")
  Boolean progress;

  @Mixin ConfigOptions config = new ConfigOptions();

  ReplayCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path path = ctx.workingDir().resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new UsageException("no such file: " + file);
    }
    FileFormat fmt = format != null ? format : FileFormat.fromName(path);
    if (fmt == null) {
      throw new UsageException(
          "cannot tell the format of "
              + file
              + " from its name; add --format jsonl or --format csv");
    }
    if (fmt != FileFormat.CSV && (!map.isEmpty() || delimiter != null)) {
      throw new UsageException("--map and --delimiter apply to CSV files only");
    }
    if (batch < 1 || batch > 100_000) {
      throw new UsageException("--batch must be between 1 and 100000 but was " + batch);
    }
    Pacer pacer = new Pacer(parseSpeed(speed), ctx.clock());
    try (RecordSource source = open(path, fmt)) {
      if (target.url != null) {
        return replayOverHttp(source, fmt, pacer);
      }
      return replayIntoDataDir(source, fmt, pacer);
    }
  }

  private RecordSource open(Path path, FileFormat fmt) throws IOException {
    if (fmt == FileFormat.JSONL) {
      return new JsonlSource(path);
    }
    try {
      CsvMapping mapping = CsvMapping.parse(map);
      return new CsvSource(path, mapping, separator(path));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private int replayOverHttp(RecordSource source, FileFormat fmt, Pacer pacer)
      throws IOException, InterruptedException {
    String scheme = target.url.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || target.url.getHost() == null) {
      throw new UsageException(
          "--target must be an http(s) URL such as http://localhost:8080; got " + target.url);
    }
    String sourceName = SourceName.replay(fileName());
    EventPoster poster = new EventPoster(target.url, sourceName, MAX_RETRY);
    try (EventSink sink =
        new HttpSink(poster, sourceName, ctx.workingDir().resolve(deadLetterDir), ctx.clock())) {
      return run(source, sink, fmt, pacer, target.url.toString());
    }
  }

  private int replayIntoDataDir(RecordSource source, FileFormat fmt, Pacer pacer)
      throws IOException, InterruptedException {
    List<ConfigOverride> flags = new ArrayList<>();
    if (target.dataDir != null) {
      flags.add(new ConfigOverride("engine.data-dir", target.dataDir.toString(), "--data-dir"));
    }
    MercatoConfig cfg = ctx.loadConfig(config.file, config.overrides(flags)).config();
    Engine engine = Engine.start(cfg.engineConfig(), ctx.clock(), new SimpleMeterRegistry());
    ShutdownHook hook = ShutdownHook.register("mercato-replay-shutdown", engine::close);
    try {
      if (!engine.awaitReady(Duration.ofDays(1))) {
        throw new EngineUnavailableException(
            "the engine on "
                + cfg.engine().dataDir()
                + " could not start: "
                + engine.status().detail());
      }
      try (EventSink sink = new EngineSink(engine, SourceName.replay(fileName()), MAX_RETRY)) {
        return run(source, sink, fmt, pacer, cfg.engine().dataDir().toString());
      }
    } finally {
      hook.close();
      engine.close(); // writes the final snapshot
    }
  }

  private int run(
      RecordSource source, EventSink sink, FileFormat fmt, Pacer pacer, String targetName)
      throws IOException, InterruptedException {
    ReplaySummary summary =
        new ReplaySummary(file.toString(), fmt.name().toLowerCase(Locale.ROOT), targetName);
    Replayer replayer = new Replayer(source, sink, pacer, batch, MAX_CHUNK_BYTES, ctx.clock());
    boolean show = progress != null ? progress : System.console() != null;
    long size = Files.size(ctx.workingDir().resolve(file));
    try (ReplayProgress bar =
        show ? new ConsoleProgress("replay", size, System.err) : ReplayProgress.NONE) {
      replayer.run(summary, bar);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? summary.toJson() + System.lineSeparator() : summary.toText());
    out.flush();
    return 0;
  }

  /** The replayed file's name, e.g. {@code events.csv}: what the replay's source is named after. */
  private String fileName() {
    Path name = file.getFileName();
    return name == null ? file.toString() : name.toString();
  }

  private char separator(Path path) {
    if (delimiter == null) {
      return FileFormat.tabSeparated(path) ? '\t' : ',';
    }
    if (delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t")) {
      return '\t';
    }
    if (delimiter.length() != 1) {
      throw new UsageException(
          "--delimiter must be one character (or 'tab'); got \"" + delimiter + "\"");
    }
    return delimiter.charAt(0);
  }

  static double parseSpeed(String speed) {
    if (speed.equalsIgnoreCase("max")) {
      return 0;
    }
    try {
      double n = Double.parseDouble(speed);
      if (n > 0 && Double.isFinite(n)) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new UsageException(
        "--speed must be max or a positive number of events per second; got \"" + speed + "\"");
  }
}
