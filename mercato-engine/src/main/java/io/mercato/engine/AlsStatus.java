package io.mercato.engine;

/**
 * Where iALS training stands.
 *
 * @param training        whether a training run is in progress
 * @param modelVersion    the model serving {@code strategy=als}, or null before the first one
 * @param trainedAtMillis when that model was trained (epoch ms), or 0
 * @param trainingMillis  how long its training took (reading the journal included)
 * @param users           users in that model
 * @param items           items in that model
 * @param interactions    distinct (user, item) pairs it was trained on
 * @param lastError       why the last run failed, or null
 */
public record AlsStatus(
    boolean training,
    String modelVersion,
    long trainedAtMillis,
    long trainingMillis,
    int users,
    int items,
    long interactions,
    String lastError) {}
