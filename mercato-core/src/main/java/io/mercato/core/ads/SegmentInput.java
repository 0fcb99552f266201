package io.mercato.core.ads;

import io.mercato.core.profile.ProfileView;
import java.util.Objects;
import java.util.Set;

/**
 * What a segment condition sees of a user: the profile view at decision time and the items the user
 * has purchased (as far as the profile remembers them).
 *
 * @param userId    the user
 * @param profile   the profile evaluated now; an empty profile for a user never seen
 * @param purchased item ids the user bought (bounded, most recent purchases)
 */
public record SegmentInput(String userId, ProfileView profile, Set<String> purchased) {
  public SegmentInput {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(profile, "profile");
    purchased = Set.copyOf(purchased);
  }
}
