package io.mercato.app.evaluate;

import io.mercato.ml.eval.DataFiles;
import io.mercato.ml.eval.EvalSet;
import io.mercato.ml.eval.Interaction;
import io.mercato.ml.eval.Splits;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the evaluation data comes from and how it is split, as chosen on the command line; every
 * combination that makes no sense was refused by {@link EvaluateCommand} before one is built.
 */
sealed interface EvaluationData {
  /** Reads the files and splits them. */
  EvalSet load();

  /** The start of the report's header, e.g. {@code u.data, leave-last-out}. */
  String describe();

  /** MovieLens {@code u.data}: leave-last-out, or validation carved from its training part. */
  record Ratings(Path file, boolean validation, int negatives, long seed)
      implements EvaluationData {
    @Override
    public EvalSet load() {
      List<Interaction> all = DataFiles.readMovieLens(file);
      return validation
          ? Splits.validation(Splits.leaveLastOut(all).train(), negatives, seed)
          : Splits.leaveLastOut(all, negatives, seed);
    }

    @Override
    public String describe() {
      return file.getFileName()
          + (validation
              ? ", validation (carved from the leave-last-out training part)"
              : ", leave-last-out");
    }
  }

  /** NCF files: the given test split, or validation carved from the training file alone. */
  record Ncf(
      Path train, Path test, Path negatives, boolean validation, int negativesPerUser, long seed)
      implements EvaluationData {
    @Override
    public EvalSet load() {
      List<Interaction> t = DataFiles.readNcfRatings(train);
      if (validation) {
        return Splits.validation(t, negativesPerUser, seed);
      }
      return Splits.ncf(
          t,
          DataFiles.readNcfRatings(test),
          test,
          DataFiles.readNcfNegatives(negatives),
          negatives);
    }

    @Override
    public String describe() {
      return validation
          ? train.getFileName() + ", validation (carved from the training file)"
          : train.getFileName() + " / " + test.getFileName() + " / " + negatives.getFileName();
    }
  }
}
