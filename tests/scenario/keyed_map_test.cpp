// Keyed maps of parameter structs (scenario/visitors.hpp): the shape named pools need. A layer
// edits the entries it names, `--set pools.<name>.<key>=` addresses one entry, the resolved YAML
// reloads to the same values, and checks and errors name the entry's key path.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "fund/fund_params.hpp"
#include "scenario/loader.hpp"
#include "scenario/visitors.hpp"

namespace fundsim {
namespace {

struct PoolParams {
  FundParams fund;
  template <class V>
  void visit(V& v) {
    v("fund", fund, Meta{.doc = "the pool's fund"});
  }
};

struct Province {
  std::map<std::string, PoolParams> pools;
  template <class V>
  void visit(V& v) {
    v("pools", pools, Meta{.doc = "named pools"});
  }
};

void apply(Province& p, const YAML::Node& layer, const std::string& file, LocationMap& locs) {
  ApplyVisitor v(layer, "", file, locs);
  p.visit(v);
  v.finish();
}

Province two_pools(LocationMap& locs) {
  Province p;
  apply(p,
        YAML::Load("pools:\n  zhengzhou: {fund: {initial_balance_yuan: 5.0e9}}\n"
                   "  luoyang: {fund: {initial_balance_yuan: 2.0e9, warning: {red_months: 2}}}\n"),
        "province.yaml", locs);
  return p;
}

TEST(KeyedMap, ALayerEditsTheNamedEntriesOnly) {
  LocationMap locs;
  Province p = two_pools(locs);
  ASSERT_EQ(p.pools.size(), 2u);
  EXPECT_EQ(p.pools.at("zhengzhou").fund.initial_balance_yuan, 5.0e9);
  EXPECT_EQ(p.pools.at("luoyang").fund.warning.red_months, 2.0);
  EXPECT_EQ(p.pools.at("zhengzhou").fund.warning.red_months, WarningParams{}.red_months);  // default kept
  // --set addresses one entry's key; the other entry and the entry's other keys are unchanged.
  apply(p, parse_set_override("pools.zhengzhou.fund.initial_balance_yuan=7e9"), "--set", locs);
  EXPECT_EQ(p.pools.at("zhengzhou").fund.initial_balance_yuan, 7.0e9);
  EXPECT_EQ(p.pools.at("luoyang").fund.initial_balance_yuan, 2.0e9);
  EXPECT_EQ(p.pools.at("luoyang").fund.warning.red_months, 2.0);
  EXPECT_EQ(locs.at("pools.zhengzhou.fund.initial_balance_yuan").file, "--set");
  EXPECT_EQ(locs.at("pools.luoyang.fund.initial_balance_yuan").file, "province.yaml");
  // A new name adds an entry with the defaults.
  apply(p, parse_set_override("pools.kaifeng.fund.initial_balance_yuan=1"), "--set", locs);
  EXPECT_EQ(p.pools.size(), 3u);
  EXPECT_EQ(p.pools.at("kaifeng").fund.interest.mean_rate, InterestParams{}.mean_rate);
}

TEST(KeyedMap, EmittedYamlReloadsToTheSameValues) {
  LocationMap locs;
  Province p = two_pools(locs);
  YAML::Emitter out;
  EmitVisitor e(out);
  e.emit(p);
  LocationMap locs2;
  Province q;
  apply(q, YAML::Load(out.c_str()), "resolved.yaml", locs2);
  ASSERT_EQ(q.pools.size(), 2u);
  YAML::Emitter out2;
  EmitVisitor e2(out2);
  e2.emit(q);
  EXPECT_EQ(std::string(out.c_str()), std::string(out2.c_str()));
  EXPECT_EQ(q.pools.at("luoyang").fund.warning.red_months, 2.0);
}

TEST(KeyedMap, ErrorsAndChecksNameTheEntry) {
  LocationMap locs;
  Province p = two_pools(locs);
  try {
    apply(p, parse_set_override("pools.luoyang.fund.initial_balanse_yuan=1"), "--set", locs);
    FAIL() << "an unknown key inside an entry must be an error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("pools.luoyang.fund"), std::string::npos) << e.what();
  }
  EXPECT_THROW(apply(p, YAML::Load("pools: [1, 2]"), "bad.yaml", locs), InputError);
  // The bands' cross-field check runs on every entry, naming it.
  apply(p, parse_set_override("pools.luoyang.fund.warning.amber_months=1"), "--set", locs);
  CheckVisitor check("", locs, Location{"province.yaml", 1});
  try {
    check.run(p);
    FAIL() << "amber below red must fail the check";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("pools.luoyang.fund.warning.amber_months"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace fundsim
