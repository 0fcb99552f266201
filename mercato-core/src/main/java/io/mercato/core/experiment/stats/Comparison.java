package io.mercato.core.experiment.stats;

/**
 * One group against another on one metric.
 *
 * @param treatment          the group compared (an arm; the control when compared with the holdout)
 * @param baseline           the group it is compared with (the control arm, or {@code holdout})
 * @param difference         adjusted mean of {@code treatment} minus that of {@code baseline}
 * @param relativeDifference {@code difference} over the baseline's adjusted mean; NaN when that is 0
 * @param test               the anytime-valid interval and p-value of the difference
 * @param chanceToBeat       the Bayesian P(treatment better than baseline), in [0, 1]
 * @param effect             the verdict, in the metric's good direction
 */
public record Comparison(
    String treatment,
    String baseline,
    double difference,
    double relativeDifference,
    MixtureSequentialTest.Result test,
    double chanceToBeat,
    Effect effect) {}
