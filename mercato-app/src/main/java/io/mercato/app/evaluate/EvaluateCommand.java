package io.mercato.app.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercato.app.cli.UsageException;
import io.mercato.app.config.Durations;
import io.mercato.core.reco.RecoConfig;
import io.mercato.core.reco.Strategy;
import io.mercato.engine.AlsConfig;
import io.mercato.ml.als.AlsParams;
import io.mercato.ml.eval.DataFileException;
import io.mercato.ml.eval.EvalProgress;
import io.mercato.ml.eval.EvalSet;
import io.mercato.ml.eval.EvalSettings;
import io.mercato.ml.eval.Evaluator;
import io.mercato.ml.eval.StrategyResult;
import io.mercato.ml.eval.Weighting;
import io.mercato.ml.mlp.MlpParams;
import io.mercato.ml.rank.RankerParams;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mercato evaluate}: offline evaluation of every recommendation strategy through the serving
 * code path ({@link Evaluator}); the protocol is described in EVALUATION.md. Model flags default to
 * what serving uses ({@link RecoConfig#defaults()}, {@link AlsConfig#defaults()}), except the
 * popularity half-life, which defaults to none ({@link EvalSettings#NO_DECAY}): the held-out
 * interactions of a data set are spread over its whole period, while a short half-life measures
 * popularity at its very end (EVALUATION.md shows what each choice gives).
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Evaluate the recommenders offline: feed training ratings through the serving code, rank each "
          + "user's held-out item, report HR@K and NDCG@K (sampled: among negatives; full catalog: top K of every item, "
          + "with recall@K). See EVALUATION.md.",
      "",
      "Data: --ratings FILE (MovieLens u.data: user, item, rating, Unix time; tab-separated), split "
          + "leave-last-out, or --train/--test/--negatives FILEs in the NCF format (He et al. 2017). "
          + "--split validation holds out each user's latest TRAINING interaction instead, for tuning; "
          + "the test data is not read.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  mercato evaluate --ratings ../shared/data/ml-100k/u.data",
      "  mercato evaluate --ratings u.data --split validation --strategy user_cf --user-neighbours 100 --json",
      "  mercato evaluate --train ml-1m.train.rating --test ml-1m.test.rating --negatives ml-1m.test.negative"
    })
public final class EvaluateCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path workingDir;

  @Spec CommandSpec spec;

  @Option(
      names = "--ratings",
      paramLabel = "FILE",
      description = "MovieLens ratings (u.data format).")
  Path ratings;

  @Option(
      names = "--train",
      paramLabel = "FILE",
      description = "NCF training ratings: user, item, rating[, time].")
  Path train;

  @Option(
      names = "--test",
      paramLabel = "FILE",
      description = "NCF test ratings, one held-out item per line.")
  Path test;

  @Option(
      names = "--negatives",
      paramLabel = "FILE",
      description = "NCF negatives: (user,item) then negative items.")
  Path negatives;

  @Option(
      names = "--split",
      paramLabel = "leave-last-out|validation",
      description =
          "With --ratings: leave-last-out (default) or validation. With --train: validation, "
              + "else the given test files.")
  String split;

  @Option(
      names = "--negatives-per-user",
      paramLabel = "N",
      description = "Sampled negatives per held-out item (default: ${DEFAULT-VALUE}).")
  int negativesPerUser = 99;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Seed of negative sampling (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(
      names = "--k",
      paramLabel = "K",
      description = "Cut-off of every metric (default: ${DEFAULT-VALUE}).")
  int k = 10;

  @Option(
      names = "--strategy",
      split = ",",
      paramLabel = "NAME",
      description =
          "all, or a comma-separated list of popular, user_cf, item_cf, als, auto, mlp, ranked (default: all).")
  List<String> strategies = new ArrayList<>(List.of("all"));

  @Option(
      names = "--weighting",
      paramLabel = "binary|rating",
      description =
          "binary: every rating is one interaction of weight 1; rating: weight = the rating "
              + "(default: ${DEFAULT-VALUE}).")
  Weighting weighting = Weighting.BINARY;

  @Option(
      names = "--popularity-half-life",
      paramLabel = "DURATION|none",
      description =
          "Half-life of popularity in event time, e.g. 30d; none counts all time (default: ${DEFAULT-VALUE}).")
  String popularityHalfLife = "none";

  @Option(
      names = "--history-size",
      paramLabel = "N",
      description = "reco.history-size (default: ${DEFAULT-VALUE}).")
  int historySize = RecoConfig.defaults().historySize();

  @Option(
      names = "--item-users",
      paramLabel = "N",
      description = "reco.item-users (default: ${DEFAULT-VALUE}).")
  int itemUsers = RecoConfig.defaults().itemUsers();

  @Option(
      names = "--user-neighbours",
      paramLabel = "N",
      description = "reco.user-neighbours (default: ${DEFAULT-VALUE}).")
  int userNeighbours = RecoConfig.defaults().userNeighbours();

  @Option(
      names = "--cooccurrence-window",
      paramLabel = "N",
      description = "reco.cooccurrence-window (default: ${DEFAULT-VALUE}).")
  int cooccurrenceWindow = RecoConfig.defaults().cooccurrenceWindow();

  @Option(
      names = "--cooccurrence-cap",
      paramLabel = "N",
      description = "reco.cooccurrence-cap (default: ${DEFAULT-VALUE}).")
  int cooccurrenceCap = RecoConfig.defaults().cooccurrenceCap();

  @Option(
      names = "--item-neighbours",
      paramLabel = "N",
      description = "reco.item-neighbours (default: ${DEFAULT-VALUE}).")
  int itemNeighbours = RecoConfig.defaults().itemNeighbours();

  @Option(
      names = "--recency-decay",
      paramLabel = "D",
      description = "reco.recency-decay (default: ${DEFAULT-VALUE}).")
  double recencyDecay = RecoConfig.defaults().recencyDecay();

  @Option(
      names = "--blend-min-items",
      paramLabel = "N",
      description = "reco.blend-min-items (default: ${DEFAULT-VALUE}).")
  int blendMinItems = RecoConfig.defaults().blendMinItems();

  @Option(
      names = "--blend-weights",
      paramLabel = "SPEC",
      description =
          "reco.blend-weights, e.g. item_cf=0.5,user_cf=0.3,als=0.2 (default: serving's).")
  String blendWeights;

  @Option(
      names = "--als-factors",
      paramLabel = "N",
      description = "reco.als-factors (default: ${DEFAULT-VALUE}).")
  int alsFactors = AlsConfig.defaults().factors();

  @Option(
      names = "--als-iterations",
      paramLabel = "N",
      description = "reco.als-iterations (default: ${DEFAULT-VALUE}).")
  int alsIterations = AlsConfig.defaults().iterations();

  @Option(
      names = "--als-regularization",
      paramLabel = "L",
      description = "reco.als-regularization (default: ${DEFAULT-VALUE}).")
  double alsRegularization = AlsConfig.defaults().regularization();

  @Option(
      names = "--als-alpha",
      paramLabel = "A",
      description = "reco.als-alpha (default: ${DEFAULT-VALUE}).")
  double alsAlpha = AlsConfig.defaults().alpha();

  @Option(
      names = "--als-cg-steps",
      paramLabel = "N",
      description = "Conjugate-gradient steps per row and half-step (default: ${DEFAULT-VALUE}).")
  int alsCgSteps = AlsParams.defaults().cgSteps();

  @Option(
      names = "--als-seed",
      paramLabel = "S",
      description = "Seed of the factor initialisation (default: ${DEFAULT-VALUE}).")
  long alsSeed = AlsParams.defaults().seed();

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "iALS training threads; results do not depend on it (default: available processors).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--mlp-dims",
      paramLabel = "G,M,H",
      description =
          "MLP widths: GMF embedding, MLP-tower embedding, fc1 (fc2 is half) (default: 32,32,64).")
  String mlpDims = "32,32,64";

  @Option(
      names = "--mlp-history-length",
      paramLabel = "N",
      description = "Recent items the MLP's user side pools (default: ${DEFAULT-VALUE}).")
  int mlpHistoryLength = MlpParams.defaults().historyLength();

  @Option(
      names = "--mlp-negatives",
      paramLabel = "N",
      description = "Sampled negatives per positive (default: ${DEFAULT-VALUE}).")
  int mlpNegatives = MlpParams.defaults().negatives();

  @Option(
      names = "--mlp-epochs",
      paramLabel = "N",
      description = "At most this many epochs (default: ${DEFAULT-VALUE}).")
  int mlpEpochs = MlpParams.defaults().maxEpochs();

  @Option(
      names = "--mlp-patience",
      paramLabel = "N",
      description =
          "Stop after N epochs without a better validation HR@10 (default: ${DEFAULT-VALUE}).")
  int mlpPatience = MlpParams.defaults().patience();

  @Option(
      names = "--mlp-batch-size",
      paramLabel = "N",
      description = "Examples per step (default: ${DEFAULT-VALUE}).")
  int mlpBatchSize = MlpParams.defaults().batchSize();

  @Option(
      names = "--mlp-learning-rate",
      paramLabel = "R",
      description = "Adam's step (default: ${DEFAULT-VALUE}).")
  double mlpLearningRate = MlpParams.defaults().learningRate();

  @Option(
      names = "--mlp-weight-decay",
      paramLabel = "D",
      description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
  double mlpWeightDecay = MlpParams.defaults().weightDecay();

  @Option(
      names = "--mlp-objective",
      paramLabel = "log_loss|mse",
      description =
          "log_loss: implicit feedback with sampled negatives; mse: regress the ratings (default: log_loss).")
  String mlpObjective = "log_loss";

  @Option(
      names = "--mlp-seed",
      paramLabel = "S",
      description = "Seed of MLP training (default: ${DEFAULT-VALUE}).")
  long mlpSeed = MlpParams.defaults().seed();

  @Option(
      names = "--ranker-trees",
      paramLabel = "N",
      description = "Boosting rounds (default: ${DEFAULT-VALUE}).")
  int rankerTrees = RankerParams.defaults().trees();

  @Option(
      names = "--ranker-leaves",
      paramLabel = "N",
      description = "Leaves per tree (default: ${DEFAULT-VALUE}).")
  int rankerLeaves = RankerParams.defaults().leaves();

  @Option(
      names = "--ranker-learning-rate",
      paramLabel = "R",
      description = "Shrinkage (default: ${DEFAULT-VALUE}).")
  double rankerLearningRate = RankerParams.defaults().learningRate();

  @Option(
      names = "--ranker-min-data-in-leaf",
      paramLabel = "N",
      description = "Rows per leaf at least (default: ${DEFAULT-VALUE}).")
  int rankerMinDataInLeaf = RankerParams.defaults().minDataInLeaf();

  @Option(
      names = "--ranker-candidates",
      paramLabel = "N",
      description = "Candidates from each first-stage strategy (default: ${DEFAULT-VALUE}).")
  int rankerCandidates = RankerParams.defaults().perStage();

  @Option(
      names = "--ranker-random-negatives",
      paramLabel = "N",
      description = "Uniformly drawn negatives per training moment (default: ${DEFAULT-VALUE}).")
  int rankerRandomNegatives = RankerParams.defaults().randomNegatives();

  @Option(
      names = "--json",
      description = "Print one JSON object per strategy (metrics, times, parameters) on stdout.")
  boolean json;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Show progress bars on stderr (default: when attached to a terminal).")
  Boolean progress;

  /** @param workingDir what relative file names are resolved against */
  public EvaluateCommand(Path workingDir) {
    this.workingDir = workingDir;
  }

  @Override
  public Integer call() throws Exception {
    EvaluationData data = data();
    List<Strategy> chosen = strategies();
    EvalSettings settings = settings();
    EvalSet set;
    List<StrategyResult> results;
    boolean show = progress != null ? progress : System.console() != null;
    EvalProgress bars = show ? new ProgressBars(System.err) : EvalProgress.NONE;
    try {
      set = data.load();
      results = new Evaluator(settings).run(set, chosen, bars);
    } catch (DataFileException e) {
      throw new UsageException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    } finally {
      bars.end();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      for (StrategyResult r : results) {
        out.println(JSON.writeValueAsString(ResultJson.of(set, r)));
      }
    } else {
      out.print(ResultTable.of(data.describe(), set, results));
    }
    out.flush();
    return 0;
  }

  private EvaluationData data() {
    if (ratings != null && (train != null || test != null || negatives != null)) {
      throw new UsageException(
          "give --ratings FILE, or --train/--test/--negatives FILEs, not both");
    }
    if (negativesPerUser < 1) {
      throw new UsageException(
          "--negatives-per-user must be at least 1 but was " + negativesPerUser);
    }
    if (split != null && !split.equals("leave-last-out") && !split.equals("validation")) {
      throw new UsageException(
          "unknown --split '" + split + "'; valid: leave-last-out, validation");
    }
    boolean validation = "validation".equals(split);
    if (ratings != null) {
      return new EvaluationData.Ratings(
          existing(ratings, "--ratings"), validation, negativesPerUser, seed);
    }
    if (train == null) {
      throw new UsageException(
          "no data: give --ratings FILE (MovieLens u.data), or --train FILE --test FILE "
              + "--negatives FILE (NCF)");
    }
    if ("leave-last-out".equals(split)) {
      throw new UsageException(
          "--split leave-last-out applies to --ratings; the NCF files are already split "
              + "(use --split validation to tune on --train)");
    }
    if (validation) {
      return new EvaluationData.Ncf(
          existing(train, "--train"), null, null, true, negativesPerUser, seed);
    }
    if (test == null || negatives == null) {
      throw new UsageException("--train needs --test and --negatives (or --split validation)");
    }
    return new EvaluationData.Ncf(
        existing(train, "--train"),
        existing(test, "--test"),
        existing(negatives, "--negatives"),
        false,
        negativesPerUser,
        seed);
  }

  private Path existing(Path p, String flag) {
    Path f = workingDir.resolve(p);
    if (!Files.isRegularFile(f)) {
      throw new UsageException(flag + ": no such file: " + p);
    }
    return f;
  }

  private List<Strategy> strategies() {
    List<Strategy> out = new ArrayList<>();
    for (String name : strategies) {
      if (name.trim().equalsIgnoreCase("all")) {
        for (Strategy s :
            List.of(
                Strategy.POPULAR,
                Strategy.USER_CF,
                Strategy.ITEM_CF,
                Strategy.ALS,
                Strategy.AUTO,
                Strategy.MLP,
                Strategy.RANKED)) {
          if (!out.contains(s)) {
            out.add(s);
          }
        }
        continue;
      }
      Strategy s =
          Strategy.parse(name)
              .orElseThrow(
                  () ->
                      new UsageException(
                          "unknown strategy '"
                              + name
                              + "'; valid: all, popular, user_cf, item_cf, als, auto, mlp, ranked"));

      if (!out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  private MlpParams mlp() {
    String[] d = mlpDims.split(",");
    if (d.length != 3) {
      throw new IllegalArgumentException(
          "--mlp-dims must be three comma-separated widths G,M,H but was '" + mlpDims + "'");
    }
    int[] w = new int[3];
    for (int i = 0; i < 3; i++) {
      try {
        w[i] = Integer.parseInt(d[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--mlp-dims: '" + d[i].trim() + "' is not a whole number");
      }
    }
    MlpParams.Objective objective =
        switch (mlpObjective.trim().toLowerCase(Locale.ROOT)) {
          case "log_loss" -> MlpParams.Objective.LOG_LOSS;
          case "mse" -> MlpParams.Objective.MSE;
          default ->
              throw new IllegalArgumentException(
                  "--mlp-objective must be log_loss or mse but was '" + mlpObjective + "'");
        };
    return new MlpParams(
        w[0],
        w[1],
        w[2],
        mlpHistoryLength,
        mlpNegatives,
        mlpEpochs,
        mlpPatience,
        mlpBatchSize,
        mlpLearningRate,
        mlpWeightDecay,
        objective,
        mlpSeed);
  }

  private EvalSettings settings() {
    try {
      Duration half =
          popularityHalfLife.trim().equalsIgnoreCase("none")
              ? EvalSettings.NO_DECAY
              : Durations.parse(popularityHalfLife);
      RecoConfig d = RecoConfig.defaults();
      RecoConfig reco =
          d.withSizes(
                  historySize,
                  itemUsers,
                  userNeighbours,
                  cooccurrenceWindow,
                  cooccurrenceCap,
                  itemNeighbours)
              .withPopularityHalfLife(half)
              .withRecencyDecay(recencyDecay)
              .withBlend(
                  blendMinItems,
                  blendWeights == null ? d.blendWeights() : RecoConfig.parseBlend(blendWeights));
      AlsParams als =
          new AlsConfig(alsFactors, alsIterations, alsRegularization, alsAlpha, Duration.ZERO)
              .params(threads)
              .withCgSteps(alsCgSteps)
              .withSeed(alsSeed);
      RankerParams d0 = RankerParams.defaults();
      RankerParams ranker =
          new RankerParams(
              rankerTrees,
              rankerLeaves,
              rankerLearningRate,
              rankerMinDataInLeaf,
              d0.featureFraction(),
              d0.l2(),
              rankerCandidates,
              rankerRandomNegatives,
              d0.seed(),
              d0.threads());
      return new EvalSettings(reco, als, k, weighting, mlp(), ranker);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
