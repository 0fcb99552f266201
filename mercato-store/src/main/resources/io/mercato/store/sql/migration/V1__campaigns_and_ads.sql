-- Campaign and ad definitions (mercato-store, io.mercato.store.sql). One script for H2 (embedded)
-- and PostgreSQL: only standard types and constraints both accept.
-- Amounts are NUMERIC(20, 6): the rules accept at most 6 decimals and less than 10^14.
-- Times are instants with millisecond precision; ids hold up to 512 code points (CampaignRules.MAX_ID_LENGTH), within a B-tree entry.

CREATE TABLE campaigns (
  id                    VARCHAR(1024) NOT NULL PRIMARY KEY,
  name                  VARCHAR(1000) NOT NULL,
  starts_at             TIMESTAMP WITH TIME ZONE NOT NULL,
  ends_at               TIMESTAMP WITH TIME ZONE NOT NULL,
  time_zone             VARCHAR(64) NOT NULL,
  status                VARCHAR(16) NOT NULL,
  currency              CHAR(3) NOT NULL,
  total_budget          NUMERIC(20, 6) NOT NULL,
  daily_budget          NUMERIC(20, 6) NOT NULL,
  discount_kind         VARCHAR(16),
  discount_value        NUMERIC(20, 6),
  segment               VARCHAR(4096),
  goal_participants     BIGINT,
  goal_revenue          NUMERIC(20, 6),
  goal_conversions      BIGINT,
  cap_ad_per_hour       INTEGER NOT NULL,
  cap_ad_per_day        INTEGER NOT NULL,
  cap_campaign_per_hour INTEGER NOT NULL,
  cap_campaign_per_day  INTEGER NOT NULL,
  updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT campaigns_run CHECK (ends_at > starts_at),
  CONSTRAINT campaigns_budgets CHECK (total_budget > 0 AND daily_budget > 0 AND daily_budget <= total_budget),
  CONSTRAINT campaigns_discount CHECK ((discount_kind IS NULL) = (discount_value IS NULL))
);

-- An ad's campaign must exist, and a campaign with ads cannot be deleted (no cascade: deleting
-- a campaign must not silently take its ads with it).
CREATE TABLE ads (
  id          VARCHAR(1024) NOT NULL PRIMARY KEY,
  campaign_id VARCHAR(1024) NOT NULL,
  title       VARCHAR(1000) NOT NULL,
  image_url   VARCHAR(2048),
  landing_url VARCHAR(2048) NOT NULL,
  category    VARCHAR(1024),
  bid_type    VARCHAR(8) NOT NULL,
  bid_amount  NUMERIC(20, 6) NOT NULL,
  status      VARCHAR(16) NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT ads_campaign FOREIGN KEY (campaign_id) REFERENCES campaigns (id),
  CONSTRAINT ads_bid CHECK (bid_amount > 0)
);

CREATE INDEX ads_by_campaign ON ads (campaign_id);

CREATE TABLE ad_placements (
  ad_id     VARCHAR(1024) NOT NULL,
  placement VARCHAR(1024) NOT NULL,
  PRIMARY KEY (ad_id, placement),
  CONSTRAINT ad_placements_ad FOREIGN KEY (ad_id) REFERENCES ads (id) ON DELETE CASCADE
);

CREATE INDEX ad_placements_by_placement ON ad_placements (placement);
