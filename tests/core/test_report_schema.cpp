// Report JSON against docs/report-schema.json, with the small validator in jsonschemalite.h
// (which is itself tested here so that "valid" means something).
#include "explain/explanationjson.h"
#include "jsonschemalite.h"
#include "report/customerreport.h"
#include "report/productreport.h"
#include "test_report_fixtures.h"
#include "testdata.h"

#include <gtest/gtest.h>

using namespace reclens;
using namespace reclens::report;
using namespace reclens::test;
using nlohmann::json;

namespace {

SchemaLite reportSchema() {
    return SchemaLite(json::parse(readFile(sourcePath("docs/report-schema.json"))));
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& e : v)
        s += e + "\n";
    return s;
}

} // namespace

TEST(ReportSchema, ValidatorRejectsWhatTheSchemaForbids) {
    SchemaLite s(json::parse(R"({
      "type": "object", "required": ["a"], "additionalProperties": false,
      "properties": {"a": {"$ref": "#/$defs/pos"}, "b": {"enum": ["x", "y"]},
                     "c": {"type": "array", "items": {"type": "string"}, "minItems": 1}},
      "$defs": {"pos": {"type": "integer", "minimum": 1}}})"));
    EXPECT_TRUE(s.validate(json::parse(R"({"a": 2, "b": "x", "c": ["q"]})")).empty());
    EXPECT_EQ(s.validate(json::parse(R"({"b": "x"})")).size(), 1u);         // missing a
    EXPECT_EQ(s.validate(json::parse(R"({"a": 0})")).size(), 1u);           // below minimum
    EXPECT_EQ(s.validate(json::parse(R"({"a": "2"})")).size(), 1u);         // wrong type
    EXPECT_EQ(s.validate(json::parse(R"({"a": 1, "b": "z"})")).size(), 1u); // not in enum
    EXPECT_EQ(s.validate(json::parse(R"({"a": 1, "d": 0})")).size(), 1u);   // extra key
    EXPECT_EQ(s.validate(json::parse(R"({"a": 1, "c": []})")).size(), 1u);  // minItems
    EXPECT_EQ(s.validate(json::parse(R"({"a": 1, "c": [3]})")).size(), 1u); // item type
}

TEST(ReportSchema, CustomerAndProductReportJsonConform) {
    Dataset ds = reportDataset();
    const CustomerReportData d =
        reportCustomerData(ds, {.explainedRanks = {1}, .withTimes = false});
    ModelCard card = reportModelCard(ds);
    SchemaLite schema = reportSchema();
    const json customer = buildCustomerReport(ds, d, card).json;
    auto errors = schema.validate(customer);
    EXPECT_TRUE(errors.empty()) << joined(errors);

    MerchantExplanation m;
    m.item = 6;
    ProductReportData p{ds.items[6].id, m, nullptr};
    errors = schema.validate(buildProductReport(ds, p, card).json);
    EXPECT_TRUE(errors.empty()) << joined(errors);

    json broken = customer;
    broken["model_card"].erase("checkpoint");
    EXPECT_FALSE(schema.validate(broken).empty());
}

TEST(ReportSchema, EmbeddedExplanationsConformToTheExplanationSchema) {
    Dataset ds = reportDataset();
    const SchemaLite schema(json::parse(readFile(sourcePath("docs/explanation-schema.json"))));
    const CustomerReportData d = reportCustomerData(ds, {.withTimes = false});
    const json report = buildCustomerReport(ds, d, reportModelCard(ds)).json;
    ASSERT_EQ(report["explanations"].size(), 2u);
    for (const json& e : report["explanations"]) {
        auto errors = schema.validate(e);
        EXPECT_TRUE(errors.empty()) << joined(errors);
    }
    json bad = report["explanations"][0];
    bad.erase("summary");
    EXPECT_FALSE(schema.validate(bad).empty()) << "the schema check must be able to fail";
}
