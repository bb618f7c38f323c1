package com.merchantinsights.events;

import java.time.Instant;

/**
 * The common spelling of occurred_at, {@code 2026-11-24T19:05[:00[.fraction]](Z|+05:30)}, read without
 * {@link java.time.format.DateTimeFormatter} (whose general machinery costs about a microsecond per event). It only
 * ever answers for strings that {@code ISO_OFFSET_DATE_TIME} reads to the same instant; anything else (lower-case
 * letters, offsets without a colon or with seconds, impossible dates) gets no answer, and the caller asks
 * {@link com.merchantinsights.core.event.EventRules#parseOccurredAt}, which stays the rule.
 */
final class CanonicalTimestamp {
    /** No answer: not the canonical spelling, or not a real date or time. */
    static final long UNKNOWN = Long.MIN_VALUE;

    private static final int MAX_OFFSET_SECONDS = 18 * 3600;

    private CanonicalTimestamp() {}

    /**
     * The instant as epoch seconds, and its nanoseconds through {@code nanos[0]}; {@link #UNKNOWN} when this fast
     * reading does not apply.
     */
    static long epochSecond(char[] text, int from, int length, int[] nanos) {
        // yyyy-MM-ddTHH:mm, optional :ss and .fraction (as ISO_LOCAL_TIME), then the offset: Z or +HH:MM.
        if (length < 17
                || text[from + 4] != '-'
                || text[from + 7] != '-'
                || text[from + 10] != 'T'
                || text[from + 13] != ':') {
            return UNKNOWN;
        }
        int year = digits(text, from, 4);
        int month = digits(text, from + 5, 2);
        int day = digits(text, from + 8, 2);
        int hour = digits(text, from + 11, 2);
        int minute = digits(text, from + 14, 2);
        int at = from + 16;
        int end = from + length;
        int second = 0;
        int nano = 0;
        if (text[at] == ':') {
            if (end - at < 4) {
                return UNKNOWN;
            }
            second = digits(text, at + 1, 2);
            at += 3;
            if (text[at] == '.') {
                int fractionStart = ++at;
                while (at < end && text[at] >= '0' && text[at] <= '9') {
                    at++;
                }
                int fractionDigits = at - fractionStart;
                if (fractionDigits < 1 || fractionDigits > 9) {
                    return UNKNOWN;
                }
                nano = digits(text, fractionStart, fractionDigits);
                for (int d = fractionDigits; d < 9; d++) {
                    nano *= 10;
                }
            }
        }
        if (year < 1
                || month < 1
                || month > 12
                || day < 1
                || day > monthLength(year, month)
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return UNKNOWN;
        }
        int offsetSeconds;
        if (at == end - 1 && text[at] == 'Z') {
            offsetSeconds = 0;
        } else if (at == end - 6 && (text[at] == '+' || text[at] == '-') && text[at + 3] == ':') {
            int offsetHours = digits(text, at + 1, 2);
            int offsetMinutes = digits(text, at + 4, 2);
            if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59) {
                return UNKNOWN;
            }
            offsetSeconds = offsetHours * 3600 + offsetMinutes * 60;
            if (offsetSeconds > MAX_OFFSET_SECONDS) {
                return UNKNOWN;
            }
            offsetSeconds = text[at] == '-' ? -offsetSeconds : offsetSeconds;
        } else {
            return UNKNOWN;
        }
        nanos[0] = nano;
        return epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    }

    /** Is the instant inside {@code [earliest, latest]}, as {@code Instant.isBefore}/{@code isAfter} would say? */
    static boolean within(long epochSecond, int nano, Instant earliest, Instant latest) {
        return compare(epochSecond, nano, earliest) >= 0 && compare(epochSecond, nano, latest) <= 0;
    }

    private static int compare(long epochSecond, int nano, Instant other) {
        int bySecond = Long.compare(epochSecond, other.getEpochSecond());
        return bySecond != 0 ? bySecond : Integer.compare(nano, other.getNano());
    }

    /** The decimal value of {@code count} ASCII digits, or -1 if one is not a digit. */
    private static int digits(char[] text, int from, int count) {
        if (count == 2) {
            // The common case, without the loop: month, day, hour, minute, second, offset.
            int tens = text[from] - '0';
            int ones = text[from + 1] - '0';
            return tens < 0 || tens > 9 || ones < 0 || ones > 9 ? -1 : tens * 10 + ones;
        }
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int monthLength(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 in the proleptic Gregorian calendar (the arithmetic of {@code LocalDate.toEpochDay}). */
    private static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y;
        total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        total += (367 * month - 362) / 12;
        total += day - 1;
        if (month > 2) {
            total--;
            if (!(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) {
                total--;
            }
        }
        return total - 719_528; // days from year 0 to 1970
    }
}
