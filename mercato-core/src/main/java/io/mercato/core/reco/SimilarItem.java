package io.mercato.core.reco;

/**
 * A neighbour of an item under item-CF.
 *
 * @param itemId       the neighbour
 * @param similarity   cosine of the two items' user sets, {@code co / sqrt(n_a · n_b)}, in (0, 1]
 * @param cooccurrence how many users interacted with both (within the co-occurrence window)
 */
public record SimilarItem(String itemId, double similarity, int cooccurrence) {}
