package io.mercato.core.experiment.stats;

/**
 * One group's value of one metric.
 *
 * @param group             arm name or {@code holdout}
 * @param users             exposed users in the group
 * @param mean              the raw mean per user (for binary metrics, the rate)
 * @param standardDeviation the raw per-user standard deviation
 * @param adjustedMean      the CUPED-adjusted mean (equal to {@code mean} without pre-period data)
 */
public record GroupMetric(
    String group, long users, double mean, double standardDeviation, double adjustedMean) {}
