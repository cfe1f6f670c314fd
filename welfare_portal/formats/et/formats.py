# Completes Django's Estonian formats: money is grouped by thousands with a non-breaking space
# (29 952,00 €), and dates with times read the Estonian way.
DATETIME_FORMAT = "j. F Y, H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
