#!/usr/bin/env bash
# Tunes the recommenders' hyperparameters on the validation split, then reports the test split once.
#
#   scripts/tune-evaluate.sh [RATINGS] [OUT_DIR]
#   scripts/tune-evaluate.sh ../shared/data/ml-100k/u.data target/tune      (the defaults)
#
# Every run is `mercato evaluate --split validation`: each user's latest TRAINING interaction is held
# out, so the test items are never seen while choosing (EVALUATION.md). The grid is a coordinate
# search, stage by stage; each stage keeps the best flags of the one before, chosen by sampled HR@10
# on validation (then NDCG@10). Item-CF knobs do not change popular, user_cf or als answers, so their
# stages run with the smallest co-occurrence window to save time; the final test runs do not.
#
# Writes OUT_DIR/validation.jsonl (one JSON object per strategy and run, tagged with its stage and
# flags), OUT_DIR/chosen.txt (the flags chosen per strategy) and OUT_DIR/test.jsonl (the test runs),
# and prints the test table. Needs jq. MERCATO overrides the launcher (default: ./mercato).
# About 90 validation runs: 15-30 minutes on 2 cores for ML-100K.
set -euo pipefail
cd "$(dirname "$0")/.."

ratings="${1:-../shared/data/ml-100k/u.data}"
out="${2:-target/tune}"
read -r -a mercato <<< "${MERCATO:-./mercato}"
command -v jq >/dev/null || { echo "tune-evaluate: jq is needed (apt-get install jq)" >&2; exit 1; }
[ -f "$ratings" ] || { echo "tune-evaluate: no such file: $ratings" >&2; exit 1; }
mkdir -p "$out"
results="$out/validation.jsonl"
: > "$results"
common=(--ratings "$ratings" --negatives-per-user 99 --seed 42 --json --no-progress)
fast=(--cooccurrence-window 1 --item-neighbours 1)

# run STAGE STRATEGIES FLAGS...: one validation run, its lines tagged with the stage and flags
run() {
  local stage="$1" strategies="$2"
  shift 2
  echo "[$stage] $strategies $*" >&2
  "${mercato[@]}" evaluate "${common[@]}" --split validation --strategy "$strategies" "$@" |
    jq -c --arg stage "$stage" --arg flags "$*" '. + {stage: $stage, flags: $flags}' >> "$results"
}

# best STAGE STRATEGY: the flags of the stage's best run for the strategy: sampled HR@10, then
# sampled NDCG@10, then full-catalog NDCG@10; on a full tie the earliest run (serving's value is
# listed first in each stage, so a knob that changes nothing keeps it)
best() {
  jq -s -r --arg st "$1" --arg s "$2" '[.[] | select(.stage == $st and .strategy == $s)] | to_entries
    | max_by([.value.sampled.hr, .value.sampled.ndcg, .value.full_catalog.ndcg, -.key]) | .value.flags' "$results"
}

# without FLAG FLAGS...: FLAGS with FLAG and its value removed (a stage then sets it again). Flag
# values never contain spaces, so its output is word-split unquoted on purpose.
# shellcheck disable=SC2046
without() {
  local drop="$1" skip=0
  shift
  local kept=()
  for f in "$@"; do
    if [ "$skip" = 1 ]; then skip=0; continue; fi
    if [ "$f" = "$drop" ]; then skip=1; continue; fi
    kept+=("$f")
  done
  echo "${kept[*]:-}"
}

# --- popular: half-life and weighting; the half-life becomes everyone's (it breaks score ties)
for w in binary rating; do
  for h in 1d none 7d 30d 90d 365d; do
    run popular popular "${fast[@]}" --weighting "$w" --popularity-half-life "$h"
  done
done
read -r -a pop <<< "$(best popular popular)"
read -r -a base <<< "$(without --weighting $(without --cooccurrence-window $(without --item-neighbours "${pop[@]}")))"

# --- user_cf: weighting x history x item ring, then neighbours
for w in binary rating; do
  for hs in 100 300 1000; do
    for iu in 100 300 1000; do
      run user-sizes user_cf "${base[@]}" "${fast[@]}" --weighting "$w" --history-size "$hs" --item-users "$iu"
    done
  done
done
read -r -a u <<< "$(best user-sizes user_cf)"
for n in 50 10 25 100 200 400; do
  run user-neighbours user_cf "${u[@]}" --user-neighbours "$n"
done
read -r -a ucf <<< "$(without --cooccurrence-window $(without --item-neighbours $(best user-neighbours user_cf)))"

# --- item_cf: weighting x co-occurrence window, then neighbours, recency decay, history
for w in binary rating; do
  for win in 20 10 50 100; do
    run item-window item_cf "${base[@]}" --weighting "$w" --cooccurrence-window "$win"
  done
done
read -r -a i <<< "$(best item-window item_cf)"
for k in 50 20 100 200; do
  run item-neighbours item_cf "${i[@]}" --item-neighbours "$k"
done
read -r -a i <<< "$(best item-neighbours item_cf)"
for d in 0.9 0.7 0.8 0.95 1.0; do
  run item-decay item_cf "${i[@]}" --recency-decay "$d"
done
read -r -a i <<< "$(best item-decay item_cf)"
for hs in 100 50 300 1000; do
  run item-history item_cf $(without --history-size "${i[@]}") --history-size "$hs"
done
read -r -a icf <<< "$(best item-history item_cf)"

# --- als: factors x regularisation, then alpha, weighting, iterations
for f in 64 32 128; do
  for l in 0.1 1 10 20 50 100; do
    run als-size als "${base[@]}" "${fast[@]}" --als-factors "$f" --als-regularization "$l"
  done
done
read -r -a a <<< "$(best als-size als)"
for al in 10 1 3 30; do
  run als-alpha als "${a[@]}" --als-alpha "$al"
done
read -r -a a <<< "$(best als-alpha als)"
for w in binary rating; do
  for it in 15 30; do
    run als-more als "${a[@]}" --weighting "$w" --als-iterations "$it"
  done
done
read -r -a als <<< "$(without --cooccurrence-window $(without --item-neighbours $(best als-more als)))"

# --- auto: item_cf's state with user_cf's and als's knobs, then the blend
als_only=()
for flag in --als-factors --als-regularization --als-alpha --als-iterations; do
  for ((j = 0; j < ${#als[@]}; j++)); do
    [ "${als[$j]}" = "$flag" ] && als_only+=("$flag" "${als[$((j + 1))]}")
  done
done
user_only=()
for flag in --item-users --user-neighbours; do
  for ((j = 0; j < ${#ucf[@]}; j++)); do
    [ "${ucf[$j]}" = "$flag" ] && user_only+=("$flag" "${ucf[$((j + 1))]}")
  done
done
for bw in item_cf=0.5,user_cf=0.3,als=0.2 item_cf=1,user_cf=1,als=1 item_cf=0.4,user_cf=0.2,als=0.4 \
    item_cf=0.3,user_cf=0.2,als=0.5 item_cf=0.5,als=0.5 item_cf=0.2,user_cf=0.2,als=0.6; do
  run auto-blend auto "${icf[@]}" "${user_only[@]}" "${als_only[@]}" --blend-weights "$bw"
done
read -r -a b <<< "$(best auto-blend auto)"
for m in 5 0 2 10; do
  run auto-min auto $(without --blend-min-items "${b[@]}") --blend-min-items "$m"
done
read -r -a auto <<< "$(best auto-min auto)"

{
  echo "popular: ${pop[*]}"
  echo "user_cf: ${ucf[*]}"
  echo "item_cf: ${icf[*]}"
  echo "als: ${als[*]}"
  echo "auto: ${auto[*]}"
} | tee "$out/chosen.txt" >&2

# --- the test split, once per strategy with its chosen flags (item-CF state at its real cost)
: > "$out/test.jsonl"
while IFS= read -r line; do
  s="${line%%:*}"
  read -r -a flags <<< "$(without --cooccurrence-window $(without --item-neighbours ${line#*:}))"
  if [ "$s" = item_cf ] || [ "$s" = auto ]; then
    read -r -a flags <<< "${line#*:}"
  fi
  "${mercato[@]}" evaluate "${common[@]}" --strategy "$s" "${flags[@]}" >> "$out/test.jsonl"
done < "$out/chosen.txt"
jq -r '[.strategy, (.sampled.hr, .sampled.ndcg, .full_catalog.hr, .full_catalog.ndcg, .full_catalog.recall
    | . * 10000 | round / 10000), .millis.state_build, .millis.als_train, .millis.evaluation] | @tsv' "$out/test.jsonl" |
  (echo -e "strategy\tHR@10\tNDCG@10\tfull HR@10\tfull NDCG@10\trecall@10\tstate ms\tALS ms\teval ms"; cat) |
  column -t -s $'\t'
