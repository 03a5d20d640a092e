# Dates as a German-language newsroom writes them: "27. Mai 2025, 10:15".
DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = "j. F Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "d.m.Y"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
