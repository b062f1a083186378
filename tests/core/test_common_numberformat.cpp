// The one thousands formatter (common/numberformat.h) that reports, the merchant sentence and
// the workbench share.

#include "common/numberformat.h"
#include "report/reportformat.h"

#include <gtest/gtest.h>

#include <climits>

namespace reclens {

TEST(NumberFormat, GroupsThousandsWithCommasAfterTheSign) {
    EXPECT_EQ(groupedInt(0), "0");
    EXPECT_EQ(groupedInt(7), "7");
    EXPECT_EQ(groupedInt(999), "999");
    EXPECT_EQ(groupedInt(1000), "1,000");
    EXPECT_EQ(groupedInt(8442), "8,442");
    EXPECT_EQ(groupedInt(59384), "59,384");
    EXPECT_EQ(groupedInt(100000), "100,000");
    EXPECT_EQ(groupedInt(1234567), "1,234,567");
    EXPECT_EQ(groupedInt(-1), "-1");
    EXPECT_EQ(groupedInt(-999), "-999");
    // The merchant sentence's private copy wrote "-,100,000": a comma after the sign.
    EXPECT_EQ(groupedInt(-100000), "-100,000");
    EXPECT_EQ(groupedInt(-12345), "-12,345");
    EXPECT_EQ(groupedInt(LLONG_MAX), "9,223,372,036,854,775,807");
    EXPECT_EQ(groupedInt(LLONG_MIN), "-9,223,372,036,854,775,808");
}

TEST(NumberFormat, ReportsUseTheSameFunctionNotACopy) {
    // report::groupedInt is a using-declaration of this one: one rule, one definition.
    EXPECT_EQ(&report::groupedInt, &reclens::groupedInt);
}

} // namespace reclens
