package io.mercato.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercato.app.config.ConfigOverride;
import io.mercato.app.config.MercatoConfig;
import io.mercato.core.runtime.EngineUnavailableException;
import io.mercato.engine.AlsStatus;
import io.mercato.engine.Engine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mercato train als}: trains iALS from the events retained in the journal, either inside a
 * running server ({@code --server URL}: {@code POST /v1/admin/models/als/train?wait=true}, the new
 * model serves when the command returns) or offline on a data directory no server is using (the
 * model is saved under {@code data-dir/models/als.bin} and loaded by the next {@code serve}).
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Train a model from the journal: als (iALS, conjugate-gradient solver).")
final class TrainCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CliContext ctx;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The model to train: als.")
  String model;

  @ArgGroup(exclusive = true)
  Target target = new Target();

  static final class Target {
    @Option(
        names = "--server",
        paramLabel = "URL",
        description = "Train inside the running server at URL, e.g. http://127.0.0.1:8080.")
    URI server;

    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description =
            "Train offline on this data directory (default: engine.data-dir); no server may be using it.")
    Path dataDir;
  }

  @Option(names = "--json", description = "Print the result as one JSON object on stdout.")
  boolean json;

  @Mixin ConfigOptions config = new ConfigOptions();

  @Spec CommandSpec spec;

  TrainCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    if (!"als".equals(model)) {
      throw new UsageException("unknown model '" + model + "'; valid: als");
    }
    Map<String, Object> result = target.server != null ? viaServer(target.server) : offline();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(JSON.writeValueAsString(result));
    } else {
      out.printf(
          "trained %s: %s users x %s items, %s interactions, in %s ms%n",
          result.get("model_version"),
          result.get("users"),
          result.get("items"),
          result.get("interactions"),
          result.get("training_millis"));
    }
    out.flush();
    return 0;
  }

  private Map<String, Object> viaServer(URI base) throws Exception {
    URI uri = base.resolve("/v1/admin/models/als/train?wait=true");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofHours(2))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    @SuppressWarnings("unchecked")
    Map<String, Object> body = JSON.readValue(r.body(), Map.class);
    if (r.statusCode() != 200) {
      throw new UsageException(
          "training on " + base + " failed (" + r.statusCode() + "): " + body.get("detail"));
    }
    return body;
  }

  private Map<String, Object> offline() {
    List<ConfigOverride> flags = new ArrayList<>();
    if (target.dataDir != null) {
      flags.add(new ConfigOverride("engine.data-dir", target.dataDir.toString(), "--data-dir"));
    }
    MercatoConfig cfg = ctx.loadConfig(config.file, config.overrides(flags)).config();
    Engine engine = Engine.start(cfg.engineConfig(), ctx.clock(), new SimpleMeterRegistry());
    try {
      if (!engine.awaitReady(Duration.ofDays(1))) {
        throw new EngineUnavailableException(
            "the engine on "
                + cfg.engine().dataDir()
                + " could not start: "
                + engine.status().detail());
      }
      AlsStatus s;
      try {
        s = engine.trainAls().join();
      } catch (CompletionException e) {
        throw new UsageException(
            "training failed: " + (e.getCause() == null ? e : e.getCause()).getMessage());
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("model_version", s.modelVersion());
      out.put("users", s.users());
      out.put("items", s.items());
      out.put("interactions", s.interactions());
      out.put("training_millis", s.trainingMillis());
      out.put("data_dir", cfg.engine().dataDir().toString());
      return out;
    } finally {
      engine.close();
    }
  }
}
