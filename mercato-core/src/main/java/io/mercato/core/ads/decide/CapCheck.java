package io.mercato.core.ads.decide;

/** Why a reservation was refused, or {@link #OK}. Each carries the sentence a reason list shows. */
public enum CapCheck {
  OK("within caps and budget"),
  AD_PER_HOUR("the user saw this ad its maximum number of times this hour"),
  AD_PER_DAY("the user saw this ad its maximum number of times today"),
  CAMPAIGN_PER_HOUR("the user saw this campaign its maximum number of times this hour"),
  CAMPAIGN_PER_DAY("the user saw this campaign its maximum number of times today"),
  BUDGET("the campaign has spent its budget, or is ahead of its pace for today");

  private final String sentence;

  CapCheck(String sentence) {
    this.sentence = sentence;
  }

  public String sentence() {
    return sentence;
  }
}
