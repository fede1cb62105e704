#!/usr/bin/env bash
# Bounded fuzzing (issue 10) of the scenario loader, of --set overrides, (issue 18) of the monthly
# actuals reader of `fundsim monitor` and (issue 16) of the pool loader with libFuzzer, clang,
# AddressSanitizer and UndefinedBehaviorSanitizer, using the fuzz targets of build-asan/ (configured
# by 30-sanitizers.sh, or here if missing). Each target first replays the regression inputs
# (tests/fuzz/regressions/) and then fuzzes from a seed corpus made of every scenario in the
# repository. Prints the number of executions per target.
# FAST tier (the test command): FUZZ_SECONDS (default 20) seconds for the scenario target,
# FUZZ_SET_SECONDS (default 60: each --set input loads and runs a scenario, and its seeds alone take
# tens of seconds under ASan) for --set, FUZZ_ACTUALS_SECONDS and FUZZ_POOL_SECONDS (default 10
# each) for the two small readers. THOROUGH tier: scripts/test-thorough.sh runs this step with 600 s
# per target (300 s for the small readers). Longer runs: FUZZ_SECONDS=3600 bash scripts/tests.d/40-fuzz.sh (the corpus grown in
# build-asan/corpus-* is kept between runs).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_TARGET=${FUZZ_SECONDS:-20}
B=${FUNDSIM_ASAN_BUILD_DIR:-build-asan}  # override to reuse another sanitizer build
bash scripts/asan-configure.sh "$B"
cmake --build "$B" --parallel "$(nproc)" --target fundsim_fuzz_scenario fundsim_fuzz_set fundsim_fuzz_actuals fundsim_fuzz_pool

# Seed corpora: every scenario file in the repository (valid, malformed, extreme, golden) and the
# hand-written --set lines; a dictionary of every key of the resolved baseline.
seeds="$B/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/scenario" "$seeds/set" "$seeds/actuals" "$seeds/pool" "$B/corpus-scenario" "$B/corpus-set" "$B/corpus-actuals" "$B/corpus-pool"
i=0
while IFS= read -r f; do
  i=$((i + 1))
  cp "$f" "$seeds/scenario/$(printf '%03d' $i)-$(basename "$f")"
done < <(find scenarios tests/scenarios tests/golden -name '*.yaml' | sort)
cp tests/fuzz/seeds/set/* "$seeds/set/"
cp tests/fuzz/seeds/actuals/* "$seeds/actuals/"
cp tests/fuzz/seeds/pool/* "$seeds/pool/"
dict="$B/scenario.dict"
{
  printf '"extends"\n"values"\n"after"\n"rule"\n"flat"\n"increment"\n"growth"\n"indexed"\n"ratio"\n"per_year"\n'
  printf '"rate"\n"share"\n"years"\n"none"\n"true"\n"false"\n"1e308"\n"-1e15"\n"nan"\n".inf"\n'
  for f in scenarios/*.yaml; do sed -n 's/^ *\([a-z_0-9]*\):.*/"\1"/p' "$f"; done
  sed -n 's/.*v("\([a-z_0-9]*\)".*/"\1"/p' sim/*/*.hpp
} | sort -u > "$dict"

# The actuals reader (fundsim monitor --actuals) gets its own dictionary (header, item names) and a
# modest time budget: it is a small line parser.
actuals_dict="$B/actuals.dict"
{
  printf '"month"\n"item"\n"value"\n","\n"\\x0A"\n"\\x0D\\x0A"\n"#"\n"\\x22"\n"13"\n"1e308"\n"nan"\n"-0"\n'
  sed -n 's/^ *{"\([a-z_]*\)", ".*/"\1"/p' sim/fund/monthly.hpp
} | sort -u > "$actuals_dict"
ACTUALS_SECONDS=${FUZZ_ACTUALS_SECONDS:-10}
# The pool loader (issue 16): inputs are a pool package split at "=== <file>" lines
# (tests/fuzz/pool_fuzz.cpp); the CSV dictionary and a modest budget (each input loads the
# national baseline).
pool_dict="$B/pool.dict"
{
  printf '"=== population.csv\\x0A"\n"=== history.csv\\x0A"\n"=== income.csv\\x0A"\n"=== financing.csv\\x0A"\n'
  printf '"=== migration.csv\\x0A"\n"=== rules.yaml\\x0A"\n"age_from"\n"age_to"\n"male"\n"female"\n"year"\n","\n"100"\n"-1"\n"1e308"\n"nan"\n'
  printf '"enrollees"\n"revenue_yuan"\n"spending_yuan"\n"cumulative_balance_yuan"\n"all_yuan"\n"central_share"\n'
} | sort -u > "$pool_dict"
POOL_SECONDS=${FUZZ_POOL_SECONDS:-10}

status=0
for target in scenario set actuals pool; do
  bin="$B/tests/fuzz/fundsim_fuzz_$target"
  if [ "$target" = scenario ]; then
    echo "fuzz $target: replaying $(ls tests/fuzz/regressions | wc -l) regression inputs"
    "$bin" -timeout=10 tests/fuzz/regressions/* > "$B/regressions-$target.log" 2>&1 ||
      { cat "$B/regressions-$target.log"; status=1; }
  fi
  log="$B/fuzz-$target.log"
  secs=$SECONDS_PER_TARGET
  tdict=$dict
  if [ "$target" = set ]; then secs=${FUZZ_SET_SECONDS:-$(( SECONDS_PER_TARGET > 60 ? SECONDS_PER_TARGET : 60 ))}; fi
  if [ "$target" = actuals ]; then secs=$ACTUALS_SECONDS; tdict=$actuals_dict; fi
  if [ "$target" = pool ]; then secs=$POOL_SECONDS; tdict=$pool_dict; fi
  if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
       -dict="$tdict" -print_final_stats=1 -artifact_prefix="$B/crash-$target-" \
       "$B/corpus-$target" "$seeds/$target" > "$log" 2>&1; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz $target: ${execs:-?} executions in ${secs} s, no crash" \
         "(corpus $(ls "$B/corpus-$target" | wc -l) inputs)"
  else
    tail -60 "$log"
    echo "fuzz $target: FAILED; the input is saved as $B/crash-$target-*; add it to tests/fuzz/regressions/"
    status=1
  fi
done
exit $status
