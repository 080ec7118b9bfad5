/* util/parse: sizes as people write them. Accepted: plain digits, commas
 * in thousands, underscores, exact decimal and scientific forms; refused
 * with a reason: anything else, and forms whose value is not whole. */
#include <inttypes.h>
#include <string.h>

#include "check.h"
#include "util/parse.h"

struct good {
    const char *text;
    int64_t value;
};

struct bad {
    const char *text;
    const char *expect; /* in the message */
};

static const struct good goods[] = {
    {"12000000", 12000000},
    {"12,000,000", 12000000},
    {"1,000", 1000},
    {"999", 999},
    {"12_000_000", 12000000},
    {"1_0", 10},
    {"12e6", 12000000},
    {"12E6", 12000000},
    {"1.2e7", 12000000},
    {"11.999999e6", 11999999},
    {"2.5e3", 2500},
    {"120e-1", 12},
    {"0.05e2", 5},
    {"3.0", 3},
    {"1.000000000000000000000000000000", 1},
    {"000000000000000000000000000042", 42},
    {"+7", 7},
    {"-5", -5},
    {"9223372036854775807", INT64_MAX},
    {"-9223372036854775808", INT64_MIN},
    {"9.223372036854775807e18", INT64_MAX},
    {"0e999", 0},
};

static const struct bad bads[] = {
    {"", "missing value"},
    {"1.5", "'1.5' is not an integer"},
    {"1.5e0", "'1.5e0' is not an integer (it is 1.5)"},
    {"1.25e1", "(it is 12.5)"},
    {"5e-1", "(it is 0.5)"},
    {"0.05e1", "(it is 0.5)"},
    {"1,5", "',' separates thousands, as in 12,000,000"},
    {"1,0000", "',' separates thousands"},
    {"1234,567", "',' separates thousands"},
    {"12,000_000", "is not an integer"},
    {"1__0", "is not an integer"},
    {"_1", "is not an integer"},
    {"1_", "is not an integer"},
    {"1,", "is not an integer"},
    {",1", "is not an integer"},
    {"5.", "is not an integer"},
    {".5", "is not an integer"},
    {"e6", "is not an integer"},
    {"1e", "is not an integer"},
    {"1e+", "is not an integer"},
    {"0x10", "is not an integer"},
    {"12x", "is not an integer"},
    {"1 000", "is not an integer"},
    {"inf", "is not an integer"},
    {"9223372036854775808", "is out of range"},
    {"1e19", "is out of range"},
    {"1e99999", "is out of range"},
    {"99999999999999999999999999999", "is out of range"},
};

int main(void) {
    for (size_t i = 0; i < sizeof goods / sizeof goods[0]; i++) {
        struct hl_error err = {0};
        int64_t v = -1;
        CHECKF(hl_parse_i64(goods[i].text, "--size", INT64_MIN, INT64_MAX, &v, &err) == 0,
               "'%s': %s", goods[i].text, err.msg);
        CHECKF(v == goods[i].value, "'%s' gave %" PRId64, goods[i].text, v);
    }
    for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
        struct hl_error err = {0};
        int64_t v = 77;
        CHECKF(hl_parse_i64(bads[i].text, "--size", INT64_MIN, INT64_MAX, &v, &err) == -1,
               "'%s' was accepted", bads[i].text);
        CHECKF(v == 77, "'%s': value written on failure", bads[i].text);
        CHECKF(err.status == HL_ERR_USAGE && strncmp(err.msg, "--size: ", 8) == 0 &&
                   strstr(err.msg, bads[i].expect) != NULL,
               "'%s': '%s' lacks '%s'", bads[i].text, err.msg, bads[i].expect);
    }
    /* The range is the caller's. */
    struct hl_error err = {0};
    int64_t v;
    CHECK(hl_parse_i64("1e3", "--runs", 1, 100, &v, &err) == -1 &&
          strstr(err.msg, "'1e3' is out of range (1 to 100)") != NULL);
    return check_finish("test_parse");
}
