# Mongolian (traditional script) dates as the project writes them: "2026 on-u 12 sar_a-yin 4" (year, month,
# day, numbered; the same as the catalog's translation of "Y年n月j日"), times on the 24-hour clock.
# Only ASCII letters are format characters: the Mongolian words pass through the date filter unescaped.
# \u202f (narrow no-break space) joins a case suffix to its word, \u180e (vowel separator) is part of sar-a.
_YEAR = "Y \u1823\u1828\u202f\u1824"  # Y on-u
_MONTH = "n \u1830\u1820\u1837\u180e\u1820"  # n sar-a
_OF_MONTH = "\u202f\u1836\u1822\u1828"  # -yin

DATE_FORMAT = f"{_YEAR} {_MONTH}{_OF_MONTH} j"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = f"{DATE_FORMAT} H:i"
YEAR_MONTH_FORMAT = f"{_YEAR} {_MONTH}"
MONTH_DAY_FORMAT = f"{_MONTH}{_OF_MONTH} j"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
FIRST_DAY_OF_WEEK = 1  # Monday, as in China
